/** A one-line progress display that redraws in a terminal and prints sparse lines in CI logs. */
export function createProgressPrinter(label: string) {
  const started = performance.now();
  const interactive = Boolean(process.stdout.isTTY);
  let lastPrintedPercent = -1;
  const number = new Intl.NumberFormat('en-US');
  return {
    update(done: number, total: number) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const line = `${label}: ${number.format(done)} / ${number.format(total)} (${percent}%) ${seconds}s`;
      if (interactive) process.stdout.write(`\r${line}`);
      else if (percent >= lastPrintedPercent + 10 || done === total) {
        lastPrintedPercent = percent;
        console.log(line);
      }
    },
    finish() {
      if (interactive) process.stdout.write('\n');
    },
  };
}
