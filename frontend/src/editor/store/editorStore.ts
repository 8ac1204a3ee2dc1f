/** The editor's draft: nodes, edges and the job-level settings, with undo/redo and a clipboard.
 * Server state stays in TanStack Query; this holds only what the user is editing. */
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import { create } from "zustand";
import type { JobSettings, TaskBody } from "../../api/types";
import type { TaskType } from "../../constants/taskTypes";
import { buildEdge, buildNode, edgeId, graphToSettings, newNodeId, newTask, settingsToGraph, uniqueTaskKey, wouldCreateCycle } from "../graph";
import { NODE_HEIGHT, NODE_WIDTH } from "../layout/elkGraph";
import { quickPositions } from "../layout/quickLayout";
import type { DependencyEdge, JobNode } from "../types";

interface Snapshot {
  nodes: JobNode[];
  edges: DependencyEdge[];
  job: JobSettings;
}

const HISTORY_LIMIT = 100;

export interface EditorState extends Snapshot {
  past: Snapshot[];
  future: Snapshot[];
  /** Bumped on every change that alters the settings (not on selection or dimensions). */
  revision: number;
  /** JSON of the settings as last loaded or saved: the draft is dirty when it differs. */
  baseline: string;
  clipboard: { tasks: TaskBody[]; edges: [number, number, "true" | "false" | undefined][] } | null;
  /** Coalesces a burst of edits to one field (typing) into one undo step. */
  lastCommitKey: string | null;
  lastCommitAt: number;

  /** Replace the draft; tasks keep their canvas position when their key is unchanged.
   * Returns true when every task got a position (no layout needed). */
  load: (settings: JobSettings) => boolean;
  isDirty: () => boolean;
  markSaved: () => void;
  settings: () => JobSettings;
  onNodesChange: (changes: NodeChange<JobNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<DependencyEdge>[]) => void;
  beginDrag: () => void;
  connect: (connection: Connection) => string | null;
  addTask: (type: TaskType, upstreamId?: string) => string;
  updateTask: (id: string, update: (task: TaskBody) => TaskBody, commitKey?: string) => void;
  setEdgeOutcome: (edgeId: string, outcome: "true" | "false" | undefined) => void;
  deleteElements: (nodeIds: string[], edgeIds: string[]) => void;
  updateJob: (update: (job: JobSettings) => JobSettings, commitKey?: string) => void;
  applyPositions: (positions: Map<string, { x: number; y: number }>, record: boolean) => void;
  select: (id: string | null) => void;
  undo: () => void;
  redo: () => void;
  copySelection: () => number;
  paste: () => number;
}

const snapshot = (state: Snapshot): Snapshot => ({ nodes: state.nodes, edges: state.edges, job: state.job });
const serialize = (state: Snapshot) => JSON.stringify(graphToSettings(state.nodes, state.edges, state.job));

export const useEditorStore = create<EditorState>((set, get) => {
  /** Record the current state as an undo step (unless this is the same burst of edits). */
  const record = (commitKey?: string) => {
    const state = get();
    const now = Date.now();
    if (commitKey && commitKey === state.lastCommitKey && now - state.lastCommitAt < 1500) {
      set({ lastCommitAt: now });
      return;
    }
    set({
      past: [...state.past.slice(-HISTORY_LIMIT + 1), snapshot(state)],
      future: [],
      lastCommitKey: commitKey ?? null,
      lastCommitAt: now,
    });
  };

  return {
    nodes: [],
    edges: [],
    job: {},
    past: [],
    future: [],
    revision: 0,
    baseline: "",
    clipboard: null,
    lastCommitKey: null,
    lastCommitAt: 0,

    load: (settings) => {
      const graph = settingsToGraph(settings);
      const previous = new Map(get().nodes.map((node) => [node.data.task.task_key, node.position]));
      let placed = graph.nodes.length > 0;
      const quick = quickPositions(graph.nodes, graph.edges);
      for (const node of graph.nodes) {
        const position = previous.get(node.data.task.task_key);
        if (position) node.position = position;
        else {
          placed = false;
          node.position = quick.get(node.id) ?? node.position;
        }
      }
      set({ ...graph, past: [], future: [], revision: get().revision + 1, lastCommitKey: null });
      set({ baseline: serialize(get()) });
      return placed;
    },
    isDirty: () => serialize(get()) !== get().baseline,
    markSaved: () => set({ baseline: serialize(get()) }),
    settings: () => {
      const state = get();
      return graphToSettings(state.nodes, state.edges, state.job);
    },

    // Removals arrive here too, but go through deleteElements (one undo step for nodes and
    // their edges together); the canvas calls it from onDelete.
    onNodesChange: (changes) => {
      changes = changes.filter((change) => change.type !== "remove");
      if (changes.length) set({ nodes: applyNodeChanges(changes, get().nodes) });
    },
    onEdgesChange: (changes) => {
      changes = changes.filter((change) => change.type !== "remove");
      if (changes.length) set({ edges: applyEdgeChanges(changes, get().edges) });
    },
    deleteElements: (nodeIds, edgeIds) => {
      if (!nodeIds.length && !edgeIds.length) return;
      const goneNodes = new Set(nodeIds);
      const goneEdges = new Set(edgeIds);
      record();
      const state = get();
      set({
        nodes: state.nodes.filter((node) => !goneNodes.has(node.id)),
        edges: state.edges.filter(
          (edge) => !goneEdges.has(edge.id) && !goneNodes.has(edge.source) && !goneNodes.has(edge.target),
        ),
        revision: state.revision + 1,
      });
    },
    beginDrag: () => record(),

    connect: ({ source, target }) => {
      const state = get();
      if (!source || !target) return "Connect a task to another task.";
      if (state.edges.some((edge) => edge.source === source && edge.target === target)) return "These tasks are already connected.";
      if (wouldCreateCycle(state.edges, source, target)) return "That connection would create a cycle: jobs must be acyclic.";
      const upstream = state.nodes.find((node) => node.id === source);
      // A dependency on a condition task runs on one of its outcomes; "true" until changed.
      const outcome = upstream?.type === "condition" ? (state.edges.some((e) => e.source === source && e.data?.outcome === "true") ? "false" : "true") : undefined;
      record();
      set({ edges: [...state.edges, buildEdge(source, target, outcome)], revision: state.revision + 1 });
      return null;
    },

    addTask: (type, upstreamId) => {
      const state = get();
      const task = newTask(type, state.nodes.map((node) => node.data.task.task_key));
      const upstream = upstreamId ? state.nodes.find((node) => node.id === upstreamId) : undefined;
      const position = upstream
        ? { x: upstream.position.x + NODE_WIDTH + 70, y: upstream.position.y + state.edges.filter((e) => e.source === upstream.id).length * (NODE_HEIGHT + 28) }
        : nextFreeSpot(state.nodes);
      const node = { ...buildNode(task, newNodeId(), position), selected: true } as JobNode;
      record();
      const edges = upstream
        ? [...state.edges, buildEdge(upstream.id, node.id, upstream.type === "condition" ? "true" : undefined)]
        : state.edges;
      set({
        nodes: [...state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
        edges,
        revision: state.revision + 1,
      });
      return node.id;
    },

    updateTask: (id, update, commitKey) => {
      record(commitKey ? `${id}:${commitKey}` : undefined);
      set({
        nodes: get().nodes.map((node) =>
          node.id === id ? ({ ...buildNode(update(node.data.task), node.id, node.position), selected: node.selected } as JobNode) : node,
        ),
        revision: get().revision + 1,
      });
    },

    setEdgeOutcome: (id, outcome) => {
      record();
      set({
        edges: get().edges.map((edge) => (edge.id === id ? { ...edge, data: outcome ? { outcome } : {} } : edge)),
        revision: get().revision + 1,
      });
    },

    updateJob: (update, commitKey) => {
      record(commitKey ? `job:${commitKey}` : undefined);
      set({ job: update(get().job), revision: get().revision + 1 });
    },

    applyPositions: (positions, shouldRecord) => {
      if (shouldRecord) record();
      set({
        nodes: get().nodes.map((node) => {
          const position = positions.get(node.id);
          return position ? { ...node, position } : node;
        }),
      });
    },

    select: (id) =>
      set({
        nodes: get().nodes.map((node) =>
          node.id === id ? (node.selected ? node : { ...node, selected: true }) : node.selected ? { ...node, selected: false } : node,
        ),
      }),

    undo: () => {
      const state = get();
      const previous = state.past.at(-1);
      if (!previous) return;
      set({ ...previous, past: state.past.slice(0, -1), future: [snapshot(state), ...state.future], revision: state.revision + 1, lastCommitKey: null });
    },
    redo: () => {
      const state = get();
      const next = state.future[0];
      if (!next) return;
      set({ ...next, past: [...state.past, snapshot(state)], future: state.future.slice(1), revision: state.revision + 1, lastCommitKey: null });
    },

    copySelection: () => {
      const { nodes, edges } = get();
      const selected = nodes.filter((node) => node.selected);
      if (!selected.length) return 0;
      const index = new Map(selected.map((node, i) => [node.id, i]));
      set({
        clipboard: {
          tasks: selected.map((node) => structuredClone(node.data.task)),
          // Edges inside the selection come along; edges to outside tasks do not.
          edges: edges
            .filter((edge) => index.has(edge.source) && index.has(edge.target))
            .map((edge) => [index.get(edge.source)!, index.get(edge.target)!, edge.data?.outcome]),
        },
      });
      return selected.length;
    },

    paste: () => {
      const state = get();
      if (!state.clipboard) return 0;
      const used = state.nodes.map((node) => node.data.task.task_key);
      const originals = new Map(state.nodes.map((n) => [n.data.task.task_key, n.position]));
      const offset = 40;
      const fresh = state.clipboard.tasks.map((task) => {
        const task_key = uniqueTaskKey(`${task.task_key}_copy`, used);
        used.push(task_key);
        const origin = originals.get(task.task_key) ?? nextFreeSpot(state.nodes);
        return { ...buildNode({ ...structuredClone(task), task_key }, newNodeId(), { x: origin.x + offset, y: origin.y + offset }), selected: true } as JobNode;
      });
      record();
      set({
        nodes: [...state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...fresh],
        edges: [...state.edges, ...state.clipboard.edges.map(([s, t, outcome]) => buildEdge(fresh[s].id, fresh[t].id, outcome))],
        revision: state.revision + 1,
      });
      return fresh.length;
    },
  };
});

function nextFreeSpot(nodes: JobNode[]): { x: number; y: number } {
  if (!nodes.length) return { x: 0, y: 0 };
  const maxX = Math.max(...nodes.map((node) => node.position.x));
  const minY = Math.min(...nodes.map((node) => node.position.y));
  return { x: maxX + NODE_WIDTH + 70, y: minY };
}

export { edgeId };
