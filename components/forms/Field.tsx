import type { ComponentProps } from 'react';

type FieldProps = ComponentProps<'input'> & {
  label: string;
  name: string;
  error?: string;
  /** Visually hidden label, for inline table cells whose column header already says it. */
  hideLabel?: boolean;
  idPrefix: string;
};

/** A labelled input whose error sits beside it and is tied to it for assistive technology. */
export function Field({ label, name, error, hideLabel, idPrefix, ...input }: FieldProps) {
  const id = `${idPrefix}-${name}`;
  const errorId = `${id}-error`;
  return (
    <span className="field">
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field__label'}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...input}
      />
      <span id={errorId} className="field__error" aria-live="polite">
        {error}
      </span>
    </span>
  );
}
