//! Small real PNG pictures for the demo's photos and logos, drawn in code (no image files in
//! the repository): an uncompressed deflate stream is valid PNG, and these are tiny.

/// A `width` × `height` RGB picture, `pixel` giving each point's colour.
pub fn png(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let mut raw = Vec::with_capacity(((width * 3 + 1) * height) as usize);
    for y in 0..height {
        raw.push(0); // no filter
        for x in 0..width {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A photo-like picture: a warm gradient with a darker crack across it (the broken plate).
pub fn photo(seed: u32) -> Vec<u8> {
    png(160, 120, move |x, y| {
        let crack = (x as i32 - (y as i32 * 4 / 3) - (seed as i32 % 40)).abs() < 2;
        if crack {
            [60, 40, 30]
        } else {
            let shade = ((x + y + seed * 7) % 60) as u8;
            [200 + shade / 2, 170 + shade / 3, 140 + shade / 4]
        }
    })
}

/// A company logo: two coloured bars on white.
pub fn logo(rgb: [u8; 3]) -> Vec<u8> {
    png(120, 32, move |x, y| {
        if (4..28).contains(&y) && (x < 40 || (50..110).contains(&x) && y > 12) {
            rgb
        } else {
            [255, 255, 255]
        }
    })
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut blocks: Vec<&[u8]> = data.chunks(65_535).collect();
    if blocks.is_empty() {
        blocks.push(&[]);
    }
    for (index, block) in blocks.iter().enumerate() {
        out.push(u8::from(index + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksums_are_those_of_the_png_and_zlib_standards() {
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(&zlib_stored(b"")[2..], &[1, 0, 0, 255, 255, 0, 0, 0, 1]);
        let picture = photo(3);
        assert!(picture.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(picture.ends_with(&[0xAE, 0x42, 0x60, 0x82]));
    }
}
