/** A sink that keeps every chunk, and checks the sink contract (one final call, last). */
import { unzipSync, strFromU8 } from 'fflate';
import type { ExportSink } from '../../../utils/export/types';

export interface Collected {
  sink: ExportSink;
  bytes(): Uint8Array;
  text(): string;
  files(): Record<string, string>;
  calls: number;
}

export function collect(): Collected {
  const chunks: Uint8Array[] = [];
  let finals = 0;
  const c: Collected = {
    calls: 0,
    sink: (chunk, final) => {
      if (finals > 0) throw new Error('sink called after its final chunk');
      chunks.push(chunk);
      c.calls++;
      if (final) finals++;
    },
    bytes() {
      if (finals !== 1) throw new Error(`expected one final chunk, got ${finals}`);
      const out = new Uint8Array(chunks.reduce((n, ch) => n + ch.length, 0));
      let at = 0;
      for (const ch of chunks) {
        out.set(ch, at);
        at += ch.length;
      }
      return out;
    },
    text: () => new TextDecoder('utf-8', { fatal: true }).decode(c.bytes()),
    files: () => Object.fromEntries(Object.entries(unzipSync(c.bytes())).map(([name, data]) => [name, strFromU8(data)])),
  };
  return c;
}
