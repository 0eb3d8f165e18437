/**
 * The GPT-2 byte-level vocabulary: each of the 256 bytes written as the printable character GPT-2's
 * `bytes_to_unicode` gives it, so a `gpt2` tokenizer with no merges maps text to one token per UTF-8 byte
 * (token id = byte value). One more token, `<|endoftext|>` (id 256), serves as BOS and EOS.
 */

/** The character that stands for byte `byte` in GPT-2's byte-level vocabulary. */
export function gpt2ByteCharacter(byte: number): string {
  const printable = (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  if (printable) return String.fromCodePoint(byte);
  // Non-printable bytes take code points 256, 257, ... in increasing byte order.
  let rank = 0;
  for (let other = 0; other < byte; other += 1) {
    const otherPrintable = (other >= 0x21 && other <= 0x7e) || (other >= 0xa1 && other <= 0xac) || (other >= 0xae && other <= 0xff);
    if (!otherPrintable) rank += 1;
  }
  return String.fromCodePoint(256 + rank);
}

export const END_OF_TEXT_TOKEN = '<|endoftext|>';
/** Id of `<|endoftext|>` in the byte vocabulary (also BOS and EOS). */
export const END_OF_TEXT_ID = 256;
/** Size of the byte vocabulary: 256 bytes + `<|endoftext|>`. */
export const BYTE_VOCABULARY_SIZE = 257;

/** The 257 token strings of the byte vocabulary, in id order. */
export function byteVocabularyTokens(): string[] {
  const tokens: string[] = [];
  for (let byte = 0; byte < 256; byte += 1) tokens.push(gpt2ByteCharacter(byte));
  tokens.push(END_OF_TEXT_TOKEN);
  return tokens;
}
