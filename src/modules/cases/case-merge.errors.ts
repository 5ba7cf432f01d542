import { registerErrorCodes } from '../../platform/http';

/** Links and merges of cases (docs/ARCHITECTURE.md "Duplicates: link, merge, undo"). */
export const CaseMergeErrors = registerErrorCodes({
  /** The case was merged into another: details.mergedInto { id, reference } names its successor. */
  CASE_MERGED: 410,
  /** A link needs the other case: its id or its reference. */
  CASE_LINK_TARGET_REQUIRED: 400,
  /** A case linked to itself. */
  CASE_LINK_SELF: 422,
  /** The two cases are linked already. */
  CASE_LINK_EXISTS: 409,
  /** A merge of a case with itself. */
  CASE_MERGE_SAME_CASE: 422,
  /** A merge of cases of two organisations (a transfer moves a case between organisations). */
  CASE_MERGE_OTHER_ORGANIZATION: 422,
  /** {field}: a closed case is reopened first, then merged. */
  CASE_MERGE_CASE_CLOSED: 422,
  /** {field}: the case was merged already. */
  CASE_ALREADY_MERGED: 409,
  /** The merge was undone already. */
  CASE_MERGE_ALREADY_UNDONE: 409,
  /** {deadline}: the time to undo the merge is over. */
  CASE_MERGE_UNDO_EXPIRED: 409,
  /** The surviving case was itself merged since: undo that merge first. */
  CASE_MERGE_SUCCESSOR_MERGED: 409,
});
