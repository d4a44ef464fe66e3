/**
 * Values meant to break a request handler: text PostgreSQL cannot store, numbers ajv or SQL mishandle,
 * ids past bigint, dates past what JavaScript or PostgreSQL can hold, wrong types, unknown codes.
 */

/** As text, for query strings, path segments and form fields (and JSON strings). */
export const HOSTILE_TEXT: readonly string[] = [
  // PostgreSQL refuses NUL in text and unpaired surrogates in jsonb.
  '\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', '路灯\ud83d',
  // Numbers ajv coerces ('Infinity' passes as an integer), that overflow or underflow.
  'Infinity', '-Infinity', '+Infinity', 'NaN', '1e20', '-1e20', '1e308', '1e309', '-1e309', '5e-324', '-5e-324', '4e-320', '2.2e-308',
  '9007199254740993', '9223372036854775807', '9223372036854775808', '-9223372036854775809', '99999999999999999999', '1' + '0'.repeat(400),
  '-1', '0', '-0', '0x10', '0b11', '1.5', '1e3', ' 1', '1 ', '', ' ', '+', '-', '.', 'e',
  // Dates past the ends of JavaScript (±275760) and PostgreSQL (4713 BC), and dates that are not.
  '+275760-09-13T00:00:00Z', '+275760-09-13T00:00:00.001Z', '-100000-01-01T00:00:00Z', '-271821-04-20T00:00:00Z', '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2101-01-01T00:00:00Z',
  '2024-02-30T00:00:00Z', '2016-12-31T23:59:60Z', '2024-07-01T24:00:00Z', '2024-07-01T08:00:00+25:00', '2024-07-01T08:00:00+23:59',
  '2024-07-01T08:00:00-16:00', '2024-07-01T08:00:00.1234567890123456789Z', '2024-07-01t08:00:00z', '20240701T080000Z', '2024-07-01', '2024-07-01T08:00:00',
  '../..', '..', '/', '2024-07-01T00:00:00Z/2024-06-01T00:00:00Z', '../2024-07-01T00:00:00Z', 'P1D',
  // Shapes and codes that are not what a field wants.
  'null', 'true', 'false', 'undefined', '[]', '{}', '[1,2]', '{"a":1}', 'unknown_code', 'ZZZ', 'department', 'custom', 'open,closed,other',
  '-180,-90,180,90', '117,30,117.1,30.1', '5e-324,5e-324,1e-300,1e-300', '117,30,Infinity,31', '1,2,3,4,5,6', ',,,', 'NaN,NaN,NaN,NaN',
  '5,15,30,45,60,90,120,121', '0.000001', '120.0000001', '5,,15', '-5',
  // Text that often trips escaping, normalisation or length limits.
  "'; DROP TABLE cases; --", '%00', '%', '%zz', '\\', '"', '../../etc/passwd', '\u202e\u0041', '\ufeff', '\uffff', '🚨', '𠀀',
  '\r\n', '\t', 'x'.repeat(129), 'x'.repeat(5000), '欧阳明月', 'D01', 'D01S01', 'ZD0001', 'cases', 'buildings',
]

/** As JSON values, for bodies (a JSON body cannot carry Infinity or NaN: those arrive as text above). */
export const HOSTILE_JSON: readonly unknown[] = [
  1e308, -1e308, 5e-324, -5e-324, 4e-320, 2 ** 53 + 2, -(2 ** 53) - 2, 1e20, 9223372036854775807, 0, -0, -1, 1.5, 0.1, 721, 1e-9,
  true, false, null, [], {}, [null], [[[]]], { a: '\u0000' }, { '\u0000': 1 }, ['\ud800'], Array.from({ length: 300 }, () => 'x'),
  nested(200),
]

function nested(depth: number): unknown {
  let v: unknown = 'deep'
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { v }
  return v
}

/** Whole bodies that are not an object of the route's shape, as raw text with their content type. */
export const HOSTILE_BODIES: readonly { type: string; payload: string }[] = [
  { type: 'application/json', payload: '' },
  { type: 'application/json', payload: 'null' },
  { type: 'application/json', payload: '[]' },
  { type: 'application/json', payload: '"text"' },
  { type: 'application/json', payload: '1e400' },
  { type: 'application/json', payload: '{"a":' },
  { type: 'application/json', payload: '{"__proto__":{"x":1}}' },
  { type: 'application/json', payload: '{"constructor":{"prototype":{"x":1}}}' },
  { type: 'application/json', payload: JSON.stringify({ title: '\u0000' }) },
  { type: 'application/json', payload: '[' .repeat(5000) + ']'.repeat(5000) },
  { type: 'application/x-www-form-urlencoded', payload: 'a=%00&b=%ED%A0%80&c' },
  { type: 'text/plain', payload: 'hello' },
  { type: 'application/xml', payload: '<a/>' },
]
