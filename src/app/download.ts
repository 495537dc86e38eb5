/** Hands the person a file: a temporary object URL behind a clicked, never-attached link. */
export function downloadFile(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  // the click starts the download synchronously; the URL can go after this task
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name part from free text: letters, digits, dashes. */
export function fileSafe(text: string): string {
  return (
    text
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "model"
  );
}
