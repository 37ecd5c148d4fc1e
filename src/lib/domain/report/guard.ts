// The privacy output guard for everything that leaves the app as a shared output (HTML report,
// aggregate CSV, poster): k-anonymity style small-cell suppression (DESIGN.md principle 7).
//
// Groups with 0 < customers < k are not shown on their own: they are merged into one
// "其他 / Other" group. A zero stays as it is (a zero reveals nobody). When the merged group is
// itself still under k, its count is replaced by null and it is flagged as suppressed, and it
// carries no statistics at all (a mean over two customers says too much about each of them).
//
// IMPORTANT: this is primary suppression only. When the total number of customers is published
// elsewhere, a suppressed Other count can be recovered by subtraction; callers that show the
// total next to a suppressed Other should say so or round the total.

/** The workspace k when the user has not set one (DESIGN.md principle 7: default 5). */
export const DEFAULT_MIN_GROUP = 5;

/** The minimum shape of a group the guard can work on; any other fields are the group's stats. */
export interface GuardGroup {
  id: string;
  label: string;
  customers: number;
}

/** The fields of a group besides id, label and customers (its statistics). */
export type GroupStats<T extends GuardGroup> = Omit<T, keyof GuardGroup>;

/** An input group shown unchanged (customers >= k, or exactly 0). */
export type KeptGroup<T extends GuardGroup> = T & { isOther: false; isSuppressed: false };

/** The Other group, large enough (>= k) to show its count and the statistics from `merge`. */
export type ShownOtherGroup<T extends GuardGroup> = GroupStats<T> & {
  id: string;
  label: string;
  customers: number;
  /** How many input groups it holds. */
  merged: number;
  isOther: true;
  isSuppressed: false;
};

/** The Other group when still under k: no count and no statistics. */
export interface SuppressedOtherGroup {
  id: string;
  label: string;
  customers: null;
  merged: number;
  isOther: true;
  isSuppressed: true;
}

export type GuardedGroup<T extends GuardGroup> =
  KeptGroup<T> | ShownOtherGroup<T> | SuppressedOtherGroup;

export interface GuardResult<T extends GuardGroup> {
  /** The kept groups in input order, then the Other group if any group was merged. */
  groups: GuardedGroup<T>[];
  /** How many input groups were not shown on their own (merged into Other). */
  suppressed: number;
  /** The smallest non-zero count actually shown (Other included when shown), or null. */
  smallest: number | null;
}

function checkK(k: number): void {
  if (!Number.isFinite(k)) {
    throw new RangeError(`The minimum group size must be a finite number, got ${k}`);
  }
}

/**
 * Merges every group with 0 < customers < k into one Other group (see the file comment).
 * `merge` computes the Other group's statistics from its members; it is called only when
 * the Other group is shown (>= k customers). k <= 1 suppresses nothing.
 */
export function suppressSmallGroups<T extends GuardGroup>(
  groups: readonly T[],
  k: number,
  other: { id: string; label: string },
  merge: (members: readonly T[]) => GroupStats<T>,
): GuardResult<T> {
  checkK(k);
  const kept: GuardedGroup<T>[] = [];
  const small: T[] = [];
  for (const group of groups) {
    if (group.id === other.id) {
      throw new Error(`A group already has the id of the Other group: ${other.id}`);
    }
    if (group.customers > 0 && group.customers < k) {
      small.push(group);
    } else {
      kept.push({ ...group, isOther: false, isSuppressed: false });
    }
  }

  if (small.length > 0) {
    const total = small.reduce((sum, g) => sum + g.customers, 0);
    if (total < k) {
      kept.push({
        id: other.id,
        label: other.label,
        customers: null,
        merged: small.length,
        isOther: true,
        isSuppressed: true,
      });
    } else {
      const shownOther: ShownOtherGroup<T> = {
        ...merge(small),
        id: other.id,
        label: other.label,
        customers: total,
        merged: small.length,
        isOther: true,
        isSuppressed: false,
      };
      kept.push(shownOther);
    }
  }

  let smallest: number | null = null;
  for (const group of kept) {
    const n = group.customers;
    if (n !== null && n > 0 && (smallest === null || n < smallest)) {
      smallest = n;
    }
  }
  return { groups: kept, suppressed: small.length, smallest };
}

/** A single count as it may be shown: 0 stays 0, 0 < n < k becomes null, the rest stay. */
export function maskSmallCount(n: number, k: number): number | null {
  checkK(k);
  if (!Number.isFinite(n)) {
    return null;
  }
  return n > 0 && n < k ? null : n;
}
