export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="var(--accent)" />
      <path d="M7 21c3-6 6-6 9 0s6 6 9 0" stroke="#fff" strokeWidth="3" fill="none" strokeLinecap="round" />
      <circle cx="9" cy="10" r="2.5" fill="#fff" />
      <circle cx="23" cy="10" r="2.5" fill="#fff" />
    </svg>
  );
}
