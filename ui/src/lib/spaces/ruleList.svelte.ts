// A list of rules being edited (CORS, lifecycle): each form with a stable key and whether it
// was edited (a new, blank rule is not scolded until it is), and whether the list changed.
import type { Loaded } from './load.svelte';

export interface RuleItem<F> {
  key: number;
  form: F;
  touched: boolean;
}

export class RuleList<F> {
  items = $state<RuleItem<F>[]>([]);
  changed = $state(false);
  #next = 0;
  #state: Loaded<unknown>;

  constructor(state: Loaded<unknown>) {
    this.#state = state;
  }

  /** The rules as the server has them. */
  reset(forms: F[]): void {
    this.items = forms.map((form) => ({ key: this.#next++, form, touched: true }));
    this.changed = false;
  }

  edit(item: RuleItem<F>): void {
    item.touched = true;
    this.#changed();
  }

  add(form: F): void {
    this.items.push({ key: this.#next++, form, touched: false });
    this.#changed();
  }

  remove(key: number): void {
    this.items = this.items.filter((i) => i.key !== key);
    this.#changed();
  }

  /** Whether any rule has a problem (`touchedOnly`: any rule already edited). */
  wrong(problems: readonly object[], touchedOnly: boolean): boolean {
    return problems.some((p, n) => (!touchedOnly || this.items[n]?.touched === true) && Object.keys(p).length > 0);
  }

  touchAll(): void {
    for (const i of this.items) i.touched = true;
  }

  #changed(): void {
    this.changed = true;
    this.#state.edited();
  }
}
