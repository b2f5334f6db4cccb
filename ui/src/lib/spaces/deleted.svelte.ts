// "Show deleted files": whether the folder view lists, below its files, the files deleted
// while versioning was on (their latest version a delete marker), to bring them back.
class DeletedView {
  on = $state(false);

  set(on: boolean): void {
    this.on = on;
  }
}

export const deletedView = new DeletedView();
