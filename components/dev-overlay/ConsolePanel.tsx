'use client';
/**
 * Cache console: the low-level API, with Django's names, against the app's
 * configured store and prefix, printed as the Django shell prints. The
 * tutorial's tour is one click per step; the transcript stays while the
 * overlay is open. keys() is followed by a note (as # comments) of which keys
 * are under dead generations.
 */
import { useState } from 'react';
import { TUTORIAL_PRESETS } from '@/lib/cache-console/tutorial-presets';
import { runConsole } from './tools';

interface Line {
  command: string;
  output: string;
  error?: string;
  /** The overlay's own remark, printed as comments (which keys() entries are under dead generations). */
  note?: string;
}

export function ConsolePanel({ transcript, onRan }: { transcript: Line[]; onRan(line: Line): void }) {
  const [command, setCommand] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (text: string) => {
    if (!text.trim() || busy) return;
    setBusy(true);
    try {
      const answer = await runConsole(text);
      onRan({ command: text, output: answer.output, error: answer.error, note: answer.note });
      // Clears the prompt only of what ran: a line typed meanwhile (a preset was running) stays.
      setCommand((typed) => (typed === text ? '' : typed));
    } catch (error) {
      onRan({ command: text, output: '', error: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label="Cache console" className="console">
      <p className="muted">Runs against the app&apos;s cache (its store and prefix), as <code>python manage.py shell</code> would. close() does nothing here: the console shares the app&apos;s connection.</p>
      <div className="presets" role="group" aria-label="Tutorial steps">
        {TUTORIAL_PRESETS.map((preset) => (
          <button key={preset.command} type="button" className="small-button" title={preset.label} disabled={busy} onClick={() => void run(preset.command)}>
            {preset.command.replace(/^cache\./, '')}
          </button>
        ))}
      </div>
      <pre className="transcript" aria-label="Console output" aria-live="polite">
        {transcript.map((line, index) => (
          <span key={index}>
            {`>>> ${line.command}\n`}
            {line.output ? `${line.output}\n` : ''}
            {line.error ? <span className="r-error">{`${line.error}\n`}</span> : null}
            {line.note ? <span className="muted" data-testid="console-note">{`${line.note.replace(/^/gm, '# ')}\n`}</span> : null}
          </span>
        ))}
      </pre>
      <form
        className="prompt"
        onSubmit={(event) => {
          event.preventDefault();
          void run(command);
        }}
      >
        <label>
          <span className="prompt-mark" aria-hidden="true">&gt;&gt;&gt;</span>
          <span className="visually-hidden">Cache command</span>
          <input value={command} onChange={(event) => setCommand(event.target.value)} placeholder="cache.get('my_key')" spellCheck={false} autoComplete="off" aria-label="Cache command" />
        </label>
        <button type="submit" className="small-button" disabled={busy || !command.trim()}>Run</button>
      </form>
    </section>
  );
}
