// `npm run summarize -- [options] <file…>`: prints the summary JSON (v1) of the files.
// Options (DESIGN.md): --k N, --features col,col, --analysis-date ISO, --map role=column
// (repeatable, or comma-separated), --include cancelled,zeroAmount,duplicate,
// --date-order DMY|MDY|YMD, --lang zh-CN|en. A refusal is one line on stderr and exit code 1.
import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import {
  summarizeFiles,
  type SourceFile,
  type SummarizeOptions,
} from '../src/lib/domain/summary/summarize-files';
import { summaryToJson } from '../src/lib/domain/summary/summary';
import { ImportError, importErrorMessage } from '../src/lib/domain/ingest/read';
import type { ColumnRole, DateOrder, IncludableReason, Lang } from '../src/lib/domain/types';

const ROLES = ['customerId', 'orderId', 'date', 'amount', 'quantity', 'unitPrice'];
const INCLUDABLE = ['cancelled', 'zeroAmount', 'duplicate'];

class UsageError extends Error {}

function parseArgs(argv: string[]): { files: string[]; opts: SummarizeOptions } {
  const opts: SummarizeOptions = { lang: 'zh-CN' };
  const files: string[] = [];
  const map: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') && !arg.startsWith('--map=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : arg.startsWith('--map=')
          ? ['--map', arg.slice(6)]
          : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) {
        throw new UsageError(`${flag} needs a value`);
      }
      return v;
    };
    switch (flag) {
      case '--k': {
        const k = Number(value());
        if (!Number.isInteger(k) || k < 2 || k > 50) {
          throw new UsageError('--k must be a whole number from 2 to 50');
        }
        opts.k = k;
        break;
      }
      case '--features':
        opts.features = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--analysis-date': {
        const v = value();
        const ms = /^\d{4}-\d{2}-\d{2}/.test(v)
          ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || v.length === 10 ? v : v + 'Z')
          : NaN;
        if (Number.isNaN(ms)) {
          throw new UsageError(
            '--analysis-date must be an ISO date such as 2026-11-01 or 2026-11-01T00:00:00Z',
          );
        }
        opts.analysisDate = ms;
        break;
      }
      case '--map':
        for (const pair of value().split(',')) {
          const eq = pair.indexOf('=');
          const role = pair.slice(0, eq).trim();
          if (eq < 0 || !ROLES.includes(role)) {
            throw new UsageError(`--map takes role=column with role one of ${ROLES.join(', ')}`);
          }
          map[role] = pair.slice(eq + 1).trim();
        }
        break;
      case '--include':
        opts.include = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean) as IncludableReason[];
        for (const r of opts.include) {
          if (!INCLUDABLE.includes(r)) {
            throw new UsageError(`--include takes ${INCLUDABLE.join(', ')}`);
          }
        }
        break;
      case '--date-order': {
        const v = value().toUpperCase();
        if (v !== 'DMY' && v !== 'MDY' && v !== 'YMD') {
          throw new UsageError('--date-order must be DMY, MDY or YMD');
        }
        opts.dateOrder = v as DateOrder;
        break;
      }
      case '--lang': {
        const v = value();
        if (v !== 'zh-CN' && v !== 'en') {
          throw new UsageError('--lang must be zh-CN or en');
        }
        opts.lang = v as Lang;
        break;
      }
      default:
        if (arg.startsWith('--')) {
          throw new UsageError(`unknown option ${arg}`);
        }
        files.push(arg);
    }
  }
  if (Object.keys(map).length) {
    opts.map = map as Partial<Record<Exclude<ColumnRole, 'attribute' | 'consent'>, string>>;
  }
  if (!files.length) {
    throw new UsageError('give at least one CSV file');
  }
  return { files, opts };
}

async function sourceFile(file: string): Promise<SourceFile> {
  const st = await stat(file).catch(() => null);
  if (!st || !st.isFile()) {
    throw new UsageError(`${file}: no such file`);
  }
  return {
    name: path.basename(file),
    size: st.size,
    async head(bytes) {
      const fh = await open(file, 'r');
      try {
        const buf = new Uint8Array(Math.min(bytes, st.size));
        await fh.read(buf, 0, buf.length, 0);
        return buf;
      } finally {
        await fh.close();
      }
    },
    stream() {
      return createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
    },
  };
}

async function main() {
  // Refusals are in English unless --lang asks for Chinese (the summary's own default is zh-CN).
  const argv = process.argv.slice(2);
  const messageLang: Lang = argv.some(
    (a, i) => (a === '--lang' && argv[i + 1] === 'zh-CN') || a === '--lang=zh-CN',
  )
    ? 'zh-CN'
    : 'en';
  try {
    const { files, opts } = parseArgs(process.argv.slice(2));
    const sources = await Promise.all(files.map(sourceFile));
    const summary = await summarizeFiles(sources, opts);
    process.stdout.write(summaryToJson(summary));
  } catch (err) {
    if (err instanceof ImportError) {
      process.stderr.write(
        `summarize: ${importErrorMessage(err.code, err.fileName, err.detail, messageLang)}\n`,
      );
    } else if (err instanceof UsageError) {
      process.stderr.write(
        `summarize: ${err.message}. Usage: npm run summarize -- [--k N] [--features a,b] [--analysis-date ISO] [--map role=column] [--include cancelled,zeroAmount,duplicate] [--date-order DMY|MDY|YMD] [--lang zh-CN|en] <file…>\n`,
      );
    } else {
      process.stderr.write(`summarize: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit(1);
  }
}

void main();
