// CONTRACT (issue 11), placeholder replaced by the files helper: an upload box for one request item. Drag and drop or
// pick files, a progress bar per file, size and type limits shown before upload, clear errors; without JavaScript a
// plain multipart form posting to the same route (303 back to returnTo).
export type FileDropProps = {
  requestId: string;
  itemId: string;
  /** Where the no-JS form returns to, e.g. /requests/<id>#item-<itemId>. */
  returnTo: string;
  maxBytes: number;
  disabled?: boolean;
};

export function FileDrop(props: FileDropProps) {
  return (
    <form action={`/api/portal/requests/${props.requestId}/items/${props.itemId}/files`} method="post" encType="multipart/form-data">
      <input type="hidden" name="returnTo" value={props.returnTo} />
      <input type="file" name="file" disabled={props.disabled} />
      <button type="submit" disabled={props.disabled}>
        Upload
      </button>
    </form>
  );
}
