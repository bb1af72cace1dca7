// The roles a picker offers (issue 11 §11): /api/roles lists the roles of
// every role scheme, and two schemes often share a role ("prosesseier" in the
// university and the municipality model), which showed it twice. A picker
// offers the active scheme's roles, then those of other schemes that no
// offered role already covers (same kind and same name), each once.
import { roleName } from './parts.jsx';

/**
 * `roles` from /api/roles, `schemes` from /api/role-schemes (may be empty);
 * returns [id, label] pairs without duplicates, the active scheme's first.
 */
export function rolePickerOptions(roles, schemes = []) {
  const active = new Set(schemes.filter((s) => s.is_active === 1 || s.is_active === true).map((s) => s.id));
  const ordered = [...roles.filter((r) => active.has(r.scheme_id)), ...roles.filter((r) => !active.has(r.scheme_id))];
  const seenIds = new Set();
  const seenNames = new Set();
  const out = [];
  for (const r of ordered) {
    const label = roleName(r);
    const key = `${r.kind || ''}\u0000${label.toLocaleLowerCase()}`;
    if (seenIds.has(r.id) || seenNames.has(key)) continue;
    seenIds.add(r.id);
    seenNames.add(key);
    out.push([r.id, label]);
  }
  return out;
}
