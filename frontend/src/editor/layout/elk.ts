/** One ELK instance, running in a web worker so a 1,000-task layout never blocks the page. */
import ELK from "elkjs/lib/elk-api";
import type { ElkNode } from "elkjs/lib/elk-api";
import workerUrl from "elkjs/lib/elk-worker.min.js?url";

let instance: InstanceType<typeof ELK> | null = null;

function elk(): InstanceType<typeof ELK> {
  instance ??= new ELK({ workerUrl });
  return instance;
}

export function runLayout(graph: ElkNode): Promise<ElkNode> {
  return elk().layout(graph);
}
