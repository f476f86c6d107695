/** Where a stored file is downloaded (`null` for no file). */
export function fileUrl(fileId: string | null): string | null {
  return fileId ? `/api/files/${fileId}/content` : null;
}
