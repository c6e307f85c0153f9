const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for HTML text and for double- or single-quoted attribute
 * values (the five characters the HTML standard's serialisation escapes).
 * For the few places that write HTML as strings: the table's rows and the
 * refusal pages; React escapes everything else itself.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}
