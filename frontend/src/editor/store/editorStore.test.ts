import { beforeEach, describe, expect, it } from "vitest";
import { buildSettings, buildTask } from "../testBuilders";
import { useEditorStore } from "./editorStore";

const state = () => useEditorStore.getState();
const keys = () => state().nodes.map((node) => node.data.task.task_key);

describe("editor store", () => {
  beforeEach(() => {
    state().load(buildSettings([buildTask("a"), buildTask("b", ["a"]), buildTask("c", ["b"])]));
  });

  it("starts clean after load and is dirty after an edit", () => {
    expect(state().isDirty()).toBe(false);
    state().addTask("sql");
    expect(state().isDirty()).toBe(true);
  });

  it("refuses a connection that would make a cycle, with a message", () => {
    const [a, , c] = state().nodes;
    const before = state().edges.length;
    expect(state().connect({ source: c.id, target: a.id, sourceHandle: null, targetHandle: null })).toMatch(/cycle/);
    expect(state().edges).toHaveLength(before);
    expect(state().connect({ source: a.id, target: c.id, sourceHandle: null, targetHandle: null })).toBeNull();
    expect(state().settings().tasks?.[2].depends_on).toEqual([{ task_key: "b" }, { task_key: "a" }]);
  });

  it("adds a dependent from a node's plus", () => {
    const [, , c] = state().nodes;
    const id = state().addTask("notebook", c.id);
    const task = state().settings().tasks?.find((t) => t.task_key === "notebook");
    expect(task?.depends_on).toEqual([{ task_key: "c" }]);
    expect(state().nodes.find((n) => n.id === id)?.selected).toBe(true);
  });

  it("undoes and redoes", () => {
    state().addTask("sql");
    state().deleteElements([state().nodes[0].id], []);
    expect(keys()).toEqual(["b", "c", "sql"]);
    state().undo();
    expect(keys()).toEqual(["a", "b", "c", "sql"]);
    state().undo();
    expect(keys()).toEqual(["a", "b", "c"]);
    state().redo();
    expect(keys()).toEqual(["a", "b", "c", "sql"]);
  });

  it("merges a burst of typing into one undo step", () => {
    const id = state().nodes[0].id;
    for (const key of ["x", "xy", "xyz"]) state().updateTask(id, (t) => ({ ...t, task_key: key }), "task_key");
    expect(keys()[0]).toBe("xyz");
    state().undo();
    expect(keys()[0]).toBe("a");
  });

  it("deleting a task removes its edges in one step", () => {
    state().deleteElements([state().nodes[1].id], []);
    expect(state().edges).toEqual([]);
    state().undo();
    expect(state().edges).toHaveLength(2);
  });

  it("copies and pastes tasks with the edges between them under new keys", () => {
    const [a, b] = state().nodes;
    state().select(a.id);
    useEditorStore.setState({ nodes: state().nodes.map((n) => (n.id === b.id ? { ...n, selected: true } : n)) });
    expect(state().copySelection()).toBe(2);
    expect(state().paste()).toBe(2);
    const settings = state().settings();
    expect(settings.tasks?.map((t) => t.task_key)).toEqual(["a", "b", "c", "a_copy", "b_copy"]);
    expect(settings.tasks?.[4].depends_on).toEqual([{ task_key: "a_copy" }]);
  });

  it("keeps positions of unchanged tasks when reloaded", () => {
    useEditorStore.setState({ nodes: state().nodes.map((n, i) => ({ ...n, position: { x: i * 100, y: 5 } })) });
    const placed = state().load(buildSettings([buildTask("a"), buildTask("b", ["a"]), buildTask("c", ["b"])]));
    expect(placed).toBe(true);
    expect(state().nodes[2].position).toEqual({ x: 200, y: 5 });
    expect(state().load(buildSettings([buildTask("new")]))).toBe(false);
  });
});
