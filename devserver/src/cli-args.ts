// The command lines the SDK's ephemeral-server code passes: `<port>` for the time-skipping test
// server, `server start-dev --port P ...` for the dev server.
import type { LogLevel } from './engine/context.js';
import type { DevServerOptions } from './server.js';
import { parseTypeName } from './visibility/search-attributes.js';

export function parseArgs(argv: string[]): DevServerOptions {
  if (argv[0] === 'server' && argv[1] === 'start-dev') return parseStartDev(argv.slice(2));
  const port = Number(argv[0]);
  if (!Number.isInteger(port) || port < 0) throw new Error(`usage: devserver <port> | devserver server start-dev --port P [options]`);
  // Extra args after the port (e.g. --enable-time-skipping) are accepted and ignored.
  return { port, ip: 'localhost', namespaces: [], timeSkipping: true };
}

function parseStartDev(args: string[]): DevServerOptions {
  const opts: DevServerOptions = { port: 7233, ip: 'localhost', namespaces: [], timeSkipping: false, searchAttributes: {}, dynamicConfig: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=') && arg.startsWith('--') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => inline ?? args[++i] ?? '';
    switch (flag) {
      case '--port':
      case '-p':
        opts.port = Number(value());
        break;
      case '--ip':
        opts.ip = value();
        break;
      case '--namespace':
      case '-n':
        opts.namespaces.push(value());
        break;
      case '--db-filename':
      case '-f':
        opts.dbFile = value();
        break;
      case '--log-level':
        opts.logLevel = value() as LogLevel;
        break;
      case '--search-attribute': {
        const [name, type] = value().split('=');
        const t = parseTypeName(type ?? '');
        if (!name || t === undefined) throw new Error(`invalid --search-attribute ${name}=${type}`);
        opts.searchAttributes![name] = t;
        break;
      }
      case '--dynamic-config-value': {
        // As the official CLI: KEY=VALUE, the value read as JSON (true, 5, "text") or else as a bare word.
        const [key, ...rest] = value().split('=');
        opts.dynamicConfig![key!] = parseConfigValue(rest.join('='));
        break;
      }
      case '--headless':
        break;
      // Accepted and ignored: they need a value.
      case '--log-format':
      case '--ui-port':
      case '--ui-ip':
      case '--http-port':
      case '--metrics-port':
      case '--ui-public-path':
      case '--sqlite-pragma':
      case '--config':
        value();
        break;
      default:
        // Unknown flags are ignored, so newer SDKs keep working.
        break;
    }
  }
  return opts;
}

function parseConfigValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // a bare word, as YAML reads it
  }
}
