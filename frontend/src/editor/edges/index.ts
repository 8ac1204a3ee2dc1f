import type { EdgeTypes } from "@xyflow/react";
import { DependencyEdge } from "./DependencyEdge";

export const edgeTypes = { dependency: DependencyEdge } satisfies EdgeTypes;
