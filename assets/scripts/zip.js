/*
 * A ZIP file made in the browser, for a story's slides as PNG images (slide_images.js): each
 * file stored as it is (PNGs are compressed already), its name in UTF-8, its CRC-32, the
 * central directory at the end (PKWARE's APPNOTE, the parts every unzipper reads). Nothing is
 * sent anywhere: the result is a Blob the page saves.
 *
 * `zipFiles([{name, bytes: Uint8Array}], date)` -> Blob ("application/zip"); at most 65,535
 * files of under 4 GB together (no ZIP64: a story has at most a few hundred slides).
 */
(function () {
    "use strict";

    let crcTable = null;

    function crc32(bytes) {
        if (!crcTable) {
            crcTable = new Uint32Array(256);
            for (let n = 0; n < 256; n++) {
                let c = n;
                for (let k = 0; k < 8; k++) {
                    c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
                }
                crcTable[n] = c >>> 0;
            }
        }
        let crc = 0xFFFFFFFF;
        for (let i = 0; i < bytes.length; i++) {
            crc = crcTable[(crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8);
        }
        return (crc ^ 0xFFFFFFFF) >>> 0;
    }

    // MS-DOS time and date, as ZIP keeps them (local time, two-second steps, from 1980).
    function dosDateTime(date) {
        const time = (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2);
        const day = ((Math.max(1980, date.getFullYear()) - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
        return [time, day];
    }

    function record(size, fields) {
        const view = new DataView(new ArrayBuffer(size));
        let at = 0;
        for (const [bytes, value] of fields) {
            if (bytes === 4) {
                view.setUint32(at, value >>> 0, true);
            } else {
                view.setUint16(at, value, true);
            }
            at += bytes;
        }
        return new Uint8Array(view.buffer);
    }

    function zipFiles(files, date) {
        if (files.length > 0xFFFF) {
            throw new Error("too many files for a ZIP");
        }
        const encoder = new TextEncoder();
        const [time, day] = dosDateTime(date || new Date());
        const UTF8 = 0x0800; // general purpose flag: the names are UTF-8
        const parts = [];
        const central = [];
        let offset = 0;
        let centralSize = 0;
        for (const file of files) {
            const name = encoder.encode(file.name);
            const crc = crc32(file.bytes);
            const size = file.bytes.length;
            parts.push(record(30, [
                [4, 0x04034b50], [2, 20], [2, UTF8], [2, 0], [2, time], [2, day],
                [4, crc], [4, size], [4, size], [2, name.length], [2, 0],
            ]), name, file.bytes);
            const entry = record(46, [
                [4, 0x02014b50], [2, 20], [2, 20], [2, UTF8], [2, 0], [2, time], [2, day],
                [4, crc], [4, size], [4, size], [2, name.length], [2, 0], [2, 0], [2, 0], [2, 0],
                [4, 0], [4, offset],
            ]);
            central.push(entry, name);
            centralSize += entry.length + name.length;
            offset += 30 + name.length + size;
            if (offset > 0xFFFFFFFF) {
                throw new Error("too large for a ZIP");
            }
        }
        const end = record(22, [
            [4, 0x06054b50], [2, 0], [2, 0], [2, files.length], [2, files.length],
            [4, centralSize], [4, offset], [2, 0],
        ]);
        return new Blob([...parts, ...central, end], {type: "application/zip"});
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        zipFiles: zipFiles,
        crc32: crc32,
    });
})();
