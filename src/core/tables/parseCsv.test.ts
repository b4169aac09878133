import { parseCsv } from './csv';

test('RFC 4180: quotes, doubled quotes, delimiters and newlines inside fields, CRLF, blank lines', () => {
  const text = 'a,b,c\r\n"x, y","say ""hi""","line1\nline2"\r\n\r\n1,,3\n';
  expect(parseCsv(text)).toEqual({
    data: [
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\nline2'],
      ['1', '', '3'],
    ],
  });
});

test('other delimiters and a last line without newline', () => {
  expect(parseCsv('a;b\n1;2', ';').data).toEqual([
    ['a', 'b'],
    ['1', '2'],
  ]);
});

test('an unclosed quote is reported with its row', () => {
  expect(parseCsv('a,b\n1,"oops\n').error).toEqual({ row: 2, message: 'a quoted field is never closed' });
});
