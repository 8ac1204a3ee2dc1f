interface RunDotsProps {
  runs: { run_id: number; state: string; start_time?: number | null }[];
}

/** The last few runs as coloured dots, oldest first, each a link to its run. */
export function RunDots({ runs }: RunDotsProps) {
  if (runs.length === 0) return <span className="subtle">No runs</span>;
  return (
    <span className="row" style={{ gap: 5 }}>
      {[...runs].reverse().map((run) => (
        <a key={run.run_id} href={`/runs/${run.run_id}`} title={`Run ${run.run_id}: ${run.state}`} aria-label={`Run ${run.run_id}: ${run.state}`}>
          <span className={`dot ${run.state}`} />
        </a>
      ))}
    </span>
  );
}
