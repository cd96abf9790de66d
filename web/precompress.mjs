// Writes a brotli (.br) and a gzip (.gz) copy beside each file of the web
// client's build that compresses, once, at the best settings: the server
// sends these as they are, chosen by the browser's Accept-Encoding, instead
// of compressing each answer. Run by Trunk after a build (Trunk.toml).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
const compressible = new Set([".wasm", ".js", ".css", ".svg", ".html"]);

function walk(path) {
  for (const name of readdirSync(path)) {
    const file = join(path, name);
    if (statSync(file).isDirectory()) {
      walk(file);
    } else if (compressible.has(extname(name))) {
      const data = readFileSync(file);
      writeFileSync(`${file}.br`, brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }));
      writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
    }
  }
}

walk(dir);
