import { navigate } from '../lib/router.ts';

/** A customer id (or name) that opens the customer page without a reload. */
export function CustomerLink({ id, label }: { id: string | null; label?: string | null }) {
  if (!id) return <>—</>;
  const href = `/crm/customers/${encodeURIComponent(id)}`;
  return (
    <a
      href={href}
      onClick={(e) => {
        e.preventDefault();
        navigate(href);
      }}
    >
      {label ?? id}
    </a>
  );
}
