import { useMemo } from "react";
import { Copy, Download } from "lucide-react";
import type { JobSettings } from "../../api/types";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { toast } from "../../components/toastStore";
import { settingsToYaml } from "../../utils/yaml";

export function YamlDialog({ settings, onClose }: { settings: JobSettings; onClose: () => void }) {
  const text = useMemo(() => settingsToYaml(settings), [settings]);
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${(settings.name || "job").replace(/[^\w.-]+/g, "_")}.yaml`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Dialog
      title="Job as YAML"
      onClose={onClose}
      wide
      footer={
        <>
          <Button icon={<Copy size={15} />} onClick={() => navigator.clipboard?.writeText(text).then(() => toast("Copied", "success"))}>Copy</Button>
          <Button variant="primary" icon={<Download size={15} />} onClick={download}>Download</Button>
        </>
      }
    >
      <div className="subtle" style={{ marginBottom: 8 }}>Deploy it with <code>lakeflow jobs deploy job.yaml</code>.</div>
      <pre className="code-block" data-testid="yaml">{text}</pre>
    </Dialog>
  );
}
