import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { schedules } from "../api/endpoints";
import { keys } from "./keys";

export function useSchedulePreview(cron: string, timezone: string) {
  return useQuery({
    queryKey: keys.schedulePreview(cron, timezone),
    queryFn: () => schedules.preview(cron, timezone, 5),
    enabled: cron.trim().length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
