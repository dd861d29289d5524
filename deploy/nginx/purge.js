// Purge one page from nginx's proxy cache: the handler of /_purge/<scheme>/<host><path>.
//
// Why not ngx_cache_purge: Debian 12 ships its version 2.3, which crashes the
// worker (signal 11) on every purge request with nginx >= 1.11.6, so it cannot
// be used with Debian's nginx 1.22.  This njs handler (libnginx-mod-http-js,
// Debian's njs 0.7) does its job for one key with what nginx documents and
// handles itself:
//
// - nginx keeps the response for key K in <cache dir>/<last hex digit>/<the two
//   digits before it>/<md5(K)> (levels=1:2), and the file repeats K on its
//   "KEY: " line, which is checked so a hash collision can never purge the
//   wrong page;
// - the file is not deleted: nginx's cache manager would later log a [crit]
//   "unlink() failed" for each purged page nobody asked for again.  Instead it
//   is replaced (write beside it, then rename: readers never see half a file)
//   by a copy whose format-version field, the first 8 bytes, is zero.  nginx
//   reads such a file as "version mismatch" (logged at info), fetches the page
//   again and overwrites it, exactly as after an nginx upgrade; if the new
//   response may not be cached (an unpublished story's 404) the dead entry
//   stays unread until the cache manager removes it.
//
// The key is rebuilt exactly as the caching locations build it:
// "$nb_proto://$host$uri".  200: purged; 404: it was not cached (success for
// the caller too); 500: the file could not be replaced (logged).

import fs from 'fs';
import crypto from 'crypto';

const VERSION_BYTES = 8;

function cacheFile(directory, key) {
    const digest = crypto.createHash('md5').update(key).digest('hex');
    return `${directory}/${digest.slice(-1)}/${digest.slice(-3, -1)}/${digest}`;
}

function readEntry(file) {
    try {
        return fs.readFileSync(file);
    } catch (error) {
        if (error.code === 'ENOENT') {
            return null;
        }
        throw error;
    }
}

function invalidate(file, entry, suffix) {
    const dead = Buffer.from(entry);
    dead.fill(0, 0, VERSION_BYTES);
    const temporary = `${file}.purge-${suffix}`;
    fs.writeFileSync(temporary, dead);
    fs.renameSync(temporary, file);
}

function purge(r) {
    const v = r.variables;
    const key = `${v.nb_purge_scheme}://${v.nb_purge_host}${v.nb_purge_path}`;
    const file = cacheFile(v.nb_cache_dir, key);
    try {
        const entry = readEntry(file);
        const live = entry !== null && entry.length > VERSION_BYTES
            && entry.readUInt32LE(0) !== 0
            && entry.indexOf(`\nKEY: ${key}\n`) !== -1;
        if (!live) {
            r.return(404, `not cached: ${key}\n`);
            return;
        }
        invalidate(file, entry, v.request_id);
    } catch (error) {
        r.error(`purge of ${key} (${file}) failed: ${error}`);
        r.return(500, `purge failed: ${key}\n`);
        return;
    }
    r.return(200, `purged: ${key}\n`);
}

export default { purge };
