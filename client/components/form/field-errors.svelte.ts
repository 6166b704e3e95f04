import type { ApiError } from '../../../shared/protocol';
import { fieldError } from '../../lib/errors';

/**
 * A form's field errors that clear once the field is fixed. The server's answer names the
 * fields at fault; once a person changes one of them, its error is no longer the server's but
 * the form's own check of what is there now (`recheck`, the shared zod schema): still wrong, it
 * says why; fixed, it says nothing. Without a recheck, a changed field's error just clears.
 */
export class FieldErrors {
  readonly #source: () => ApiError | null;
  readonly #recheck: (() => ApiError | null) | undefined;
  /** The fields changed since the answer `of`: a newer answer starts again from none. */
  #changed = $state<{ of: ApiError | null; fields: string[] }>({ of: null, fields: [] });

  constructor(source: () => ApiError | null, recheck?: () => ApiError | null) {
    this.#source = source;
    this.#recheck = recheck;
  }

  /** The message for `field` ("participants.2.opdId"), or null. */
  message(field: string): string | null {
    const error = this.#source();
    if (!error) return null;
    const changed = this.#changed.of === error && this.#changed.fields.some((f) => field === f || field.startsWith(`${f}.`));
    if (!changed) return fieldError(error, field);
    return this.#recheck ? fieldError(this.#recheck(), field) : null;
  }

  /**
   * The answer as the form's summary shows it: null once every field it named has been fixed, so
   * the box under the form does not keep repeating what the fields no longer say.
   */
  get open(): ApiError | null {
    const error = this.#source();
    if (!error || error.code !== 'bad_request') return error;
    const named = [...(error.details ?? []).map((d) => d.field), error.field].filter((f): f is string => !!f);
    if (named.length === 0) return error;
    return named.some((f) => this.message(f) !== null) ? error : null;
  }

  /** The field `field` (a root such as "sessions.1" covers its parts) was changed. */
  touch(field: string): void {
    const error = this.#source();
    if (!error) return;
    if (this.#changed.of !== error) this.#changed = { of: error, fields: [field] };
    else if (!this.#changed.fields.includes(field)) this.#changed.fields.push(field);
  }

  /**
   * For a form's oninput and onchange: the changed element's field is the `data-field` of the
   * nearest element around it that has one, so nested components need no wiring of their own.
   */
  readonly onedit = (event: Event): void => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const field = target.closest<HTMLElement>('[data-field]')?.dataset.field;
    if (field) this.touch(field);
  };
}
