// One staged upload: the files picked or dropped so far for one target folder, before the
// user presses Upload. More can be added while the dialog is open.
import type { StagedFile } from '../bindings/StagedFile';
import { AppError, stageUpload, toAppError } from '../ipc';
import { mergeStaged, type UploadTarget } from '../transfers/uploadForm';

export class StagedBatch {
  readonly target: UploadTarget;
  /** Replaced, never mutated: 10,000 staged files need no deep proxies. */
  files = $state.raw<StagedFile[]>([]);
  /** stage_upload calls still running (a big tree takes a moment to walk). */
  pending = $state(0);
  error = $state<AppError | null>(null);
  #guessed = new Map<string, string>();

  constructor(target: UploadTarget) {
    this.target = target;
  }

  get count(): number {
    return this.files.length;
  }

  get bytes(): number {
    let sum = 0;
    for (const f of this.files) sum += f.size;
    return sum;
  }

  /** Expand paths (folders keep their tree) into files under the target folder. */
  async add(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    this.pending += 1;
    this.error = null;
    try {
      const staged = await stageUpload([...paths], this.target.prefix);
      if (staged.length === 0) {
        // Only files are stored: a folder with nothing in it has nothing to upload.
        this.error = new AppError('InvalidInput', 'There are no files in what you added. Empty folders are not uploaded.');
        return;
      }
      for (const f of staged) this.#guessed.set(f.key, f.contentType);
      this.files = mergeStaged(this.files, staged);
    } catch (err) {
      this.error = toAppError(err);
    } finally {
      this.pending -= 1;
    }
  }

  remove(key: string): void {
    this.files = this.files.filter((f) => f.key !== key);
  }

  /** Override one file's Content-Type; a blank value goes back to the guessed one. */
  setContentType(key: string, contentType: string): void {
    const value = contentType.trim() || this.#guessed.get(key) || 'application/octet-stream';
    this.files = this.files.map((f) => (f.key === key ? { ...f, contentType: value } : f));
  }

  /** The type detected from the file's name, to tell an edited one apart. */
  guessedType(key: string): string | undefined {
    return this.#guessed.get(key);
  }
}
