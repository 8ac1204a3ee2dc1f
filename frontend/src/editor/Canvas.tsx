import { useCallback, useEffect, useMemo } from "react";
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type IsValidConnection,
} from "@xyflow/react";
import { LayoutGrid, Maximize, Redo2, Undo2 } from "lucide-react";
import { Button } from "../components/Button";
import { TASK_TYPE_INFO } from "../constants/taskTypes";
import { toast } from "../components/toastStore";
import { useTheme } from "../utils/theme";
import { AddTaskMenu } from "./AddTaskMenu";
import { edgeTypes } from "./edges";
import { wouldCreateCycle } from "./graph";
import { fitOptions, useAutoLayout } from "./layout/useAutoLayout";
import { nodeTypes } from "./nodes";
import { useEditorStore } from "./store/editorStore";
import type { JobNode } from "./types";

const DEFAULT_EDGE_OPTIONS = { type: "dependency", markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };
const CYCLE_MESSAGE = "That connection would create a cycle: jobs must be acyclic.";

const minimapColor = (node: JobNode) => TASK_TYPE_INFO[node.type].color;

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
}

/** The DAG canvas: drawing, connecting, deleting, layout and the keyboard shortcuts. */
export function Canvas({ layoutKey }: { layoutKey: string }) {
  const nodes = useEditorStore((state) => state.nodes);
  const edges = useEditorStore((state) => state.edges);
  const canUndo = useEditorStore((state) => state.past.length > 0);
  const canRedo = useEditorStore((state) => state.future.length > 0);
  const store = useEditorStore.getState;
  const { layout, running, finished } = useAutoLayout();
  const { fitView } = useReactFlow();
  const theme = useTheme();
  // Far out, a node is a coloured box: no text, badges or shadows to paint on every pan frame.
  const zoomedOut = useStore((state) => state.transform[2] < 0.4);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initialFit = useMemo(() => fitOptions(useEditorStore.getState().nodes), [layoutKey]);

  // Lay out once per loaded job (the wire format has no positions).
  useEffect(() => {
    void layout({ record: false });
  }, [layoutKey, layout]);

  // Refuse a cycle while the user is still dragging: the handle will not snap.
  const isValidConnection: IsValidConnection = useCallback(
    (connection) => !wouldCreateCycle(useEditorStore.getState().edges, connection.source, connection.target),
    [],
  );

  const onConnect = useCallback((connection: Connection) => {
    const problem = store().connect(connection);
    if (problem) toast(problem, "danger");
  }, [store]);

  // Dropped on a handle that would close a cycle: say why nothing happened.
  const onConnectEnd = useCallback((_event: MouseEvent | TouchEvent, state: { isValid: boolean | null; fromNode: { id: string } | null; toNode: { id: string } | null; fromHandle?: { type?: string } | null }) => {
    if (state.isValid === false && state.fromNode && state.toNode) {
      const forward = state.fromHandle?.type !== "target";
      const [source, target] = forward ? [state.fromNode.id, state.toNode.id] : [state.toNode.id, state.fromNode.id];
      if (wouldCreateCycle(useEditorStore.getState().edges, source, target)) toast(CYCLE_MESSAGE, "danger");
    }
  }, []);

  const onDelete = useCallback(({ nodes: deleted, edges: deletedEdges }: { nodes: JobNode[]; edges: Edge[] }) => {
    store().deleteElements(deleted.map((n) => n.id), deletedEdges.map((e) => e.id));
  }, [store]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      if (!mod) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) store().undo();
      else if ((key === "z" && event.shiftKey) || key === "y") store().redo();
      else if (key === "c") {
        const count = store().copySelection();
        if (count) toast(`Copied ${count} task${count > 1 ? "s" : ""}`);
        else return;
      } else if (key === "v") {
        if (!store().paste()) return;
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);

  return (
    <div className={zoomedOut ? "canvas-wrap zoomed-out" : "canvas-wrap"} data-testid="canvas" data-layouts={finished}>
      <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
        <AddTaskMenu onAdd={(type) => store().addTask(type)} />
        <Button size="sm" icon={<LayoutGrid size={14} />} onClick={() => void layout()} disabled={running}>
          Auto-layout
        </Button>
        <Button size="sm" icon={<Maximize size={14} />} label="Fit to view" onClick={() => fitView({ padding: 0.15, maxZoom: 1.1, duration: 200 })} />
        <div className="btn-group">
          <Button size="sm" icon={<Undo2 size={14} />} label="Undo (Ctrl+Z)" onClick={() => store().undo()} disabled={!canUndo} />
          <Button size="sm" icon={<Redo2 size={14} />} label="Redo (Ctrl+Shift+Z)" onClick={() => store().redo()} disabled={!canRedo} />
        </div>
      </div>
      <ReactFlow<JobNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        onNodesChange={store().onNodesChange}
        onEdgesChange={store().onEdgesChange as never}
        onNodeDragStart={() => store().beginDrag()}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd as never}
        onDelete={onDelete as never}
        isValidConnection={isValidConnection}
        deleteKeyCode={["Delete", "Backspace"]}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        colorMode={theme}
        onlyRenderVisibleElements
        minZoom={0.05}
        maxZoom={2}
        fitView
        fitViewOptions={initialFit}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} />
        <Controls showInteractive={false} position="bottom-left" />
        <MiniMap pannable zoomable position="bottom-right" nodeColor={minimapColor} nodeBorderRadius={6} ariaLabel="Mini map" />
      </ReactFlow>
    </div>
  );
}
