'use client';
import type { ComponentProps, InputEvent } from 'react';
import { characterCount, inputMaxLength } from '@/lib/validation/limits';

type FieldProps = ComponentProps<'input'> & {
  label: string;
  name: string;
  error?: string;
  /**
   * For inline table cells, whose column header already says it: the label is
   * visually hidden on wide screens and shown on phones, where rows are cards
   * without headers (globals.css, .field__label--in-table). Always announced.
   */
  hideLabel?: boolean;
  idPrefix: string;
  /**
   * The most characters (code points) the server accepts: the browser's
   * maxlength counts UTF-16 units, so it is set to what that many characters
   * may take, and the input itself says when the characters are too many.
   */
  maxCharacters?: number;
};

/** A labelled input whose error sits beside it and is tied to it for assistive technology. */
export function Field({ label, name, error, hideLabel, idPrefix, maxCharacters, onInput, ...input }: FieldProps) {
  const id = `${idPrefix}-${name}`;
  const errorId = `${id}-error`;
  const checkCharacters = (event: InputEvent<HTMLInputElement>) => {
    const element = event.currentTarget;
    const count = characterCount(element.value);
    element.setCustomValidity(maxCharacters !== undefined && count > maxCharacters ? `At most ${maxCharacters} characters, please (this has ${count}).` : '');
    onInput?.(event);
  };
  return (
    <span className="field">
      <label htmlFor={id} className={hideLabel ? 'field__label field__label--in-table' : 'field__label'}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...input}
        maxLength={maxCharacters !== undefined ? inputMaxLength(maxCharacters) : input.maxLength}
        onInput={maxCharacters !== undefined ? checkCharacters : onInput}
      />
      <span id={errorId} className="field__error" aria-live="polite">
        {error}
      </span>
    </span>
  );
}
