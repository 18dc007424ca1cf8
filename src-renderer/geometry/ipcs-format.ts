// Formatting that matches util-linux `ipcs -m -i <id>` byte for byte, so
// the segment panel can be checked against it.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** C's ctime() without the newline, in local time: "Fri Nov  7 02:01:40 2026"; 'Not set' for 0. */
export function formatCtime(seconds: number): string {
  if (seconds === 0) return 'Not set';
  const date = new Date(seconds * 1000);
  const day = String(date.getDate()).padStart(2, ' ');
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return `${DAYS[date.getDay()]} ${MONTHS[date.getMonth()]} ${day} ${time} ${date.getFullYear()}`;
}

/** printf("%#o"): octal with a leading 0, "0" for zero. */
export function formatOctal(value: number): string {
  return value === 0 ? '0' : `0${value.toString(8)}`;
}

/** ipcs's key column: 0x plus eight hex digits of the 32-bit key. */
export function formatKey(key: number): string {
  return `0x${(key >>> 0).toString(16).padStart(8, '0')}`;
}
