// Files being dragged in from the OS: the file table lights up, or the folder row under the
// pointer when the drop would go into that folder.
class FileDrag {
  active = $state(false);
  /** The folder row the files would land in; null for the folder on screen. */
  folderKey = $state<string | null>(null);

  hover(folderKey: string | null): void {
    this.active = true;
    if (this.folderKey !== folderKey) this.folderKey = folderKey;
  }

  end(): void {
    this.active = false;
    this.folderKey = null;
  }
}

export const fileDrag = new FileDrag();
