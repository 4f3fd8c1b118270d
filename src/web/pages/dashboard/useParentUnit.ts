import { useApi } from "../../useApi.ts";

/** The unit whose children are compared: the chosen unit, or its parent when it has no children. */
export function useComparedParent(unitId: number | null): {
  parentId: number | null;
  name: string | null;
  parentOfParent: number | null;
} {
  const unit = useApi<{ id: number; name: string; parentId: number | null; kind: string }>(
    unitId === null ? null : `/units/${unitId}`,
  );
  const children = useApi<{ total: number }>(unitId === null ? null : `/units/${unitId}/children`, {
    limit: 1,
  });
  const parent = useApi<{ id: number; name: string; parentId: number | null }>(
    children.data?.total === 0 && unit.data?.parentId ? `/units/${unit.data.parentId}` : null,
  );
  if (!unit.data || !children.data) return { parentId: null, name: null, parentOfParent: null };
  if (children.data.total > 0)
    return { parentId: unit.data.id, name: unit.data.name, parentOfParent: unit.data.parentId };
  if (!parent.data) return { parentId: null, name: null, parentOfParent: null };
  return { parentId: parent.data.id, name: parent.data.name, parentOfParent: parent.data.parentId };
}
