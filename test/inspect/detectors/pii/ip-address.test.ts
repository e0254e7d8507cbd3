import { describe, expect, it } from 'vitest';
import { ipAddressDetector } from '../../../../src/inspect/detectors/pii/ip-address.js';
import { findValues, timeDetect } from './detect-helper.js';

describe('ipAddressDetector', () => {
  it.each([
    ['client ip 86.121.97.248 blocked', '86.121.97.248'],
    ['connect to 10.0.0.12:5432', '10.0.0.12'],
    ['host: 192.168.1.254.', '192.168.1.254'],
    ['ping 8.8.8.8', '8.8.8.8'],
    ['server 2606:4700:4700::1111 answers', '2606:4700:4700::1111'],
    ['fe80::1ff:fe23:4567:890a%eth0', 'fe80::1ff:fe23:4567:890a%eth0'],
    ['full 2001:0470:0000:0000:0000:0000:0000:0001 form', '2001:0470:0000:0000:0000:0000:0000:0001'],
    ['::ffff:129.144.52.38 mapped', '::ffff:129.144.52.38'],
  ])('finds the address in %j', (text, expected) => {
    expect(findValues(ipAddressDetector, text)).toEqual([expected]);
  });

  it.each([
    ['version 1.2.3.4', 'version context'],
    ['"lodash": "^4.17.21.1"', 'semver range'],
    ['pkg@10.20.30.40', 'package version'],
    ['v1.2.3.4', 'glued version'],
    ['OID 1.3.6.1.4.1.311', 'OID'],
    ['see 22.1.3.29 Array.prototype.keys', 'spec section number'],
    ['999.1.1.1', 'octet over 255'],
    ['01.02.03.04', 'leading zeros'],
    ['localhost 127.0.0.1 and 0.0.0.0', 'loopback and unspecified'],
    ['docs 192.0.2.1 and 2001:db8::1', 'documentation ranges'],
    ['at 12:30:45', 'time'],
    ['mac 00:1a:2b:3c:4d:5e', 'MAC address'],
    ['std::vector<int> and a::b', 'C++ scope'],
    ['{a:1,b:2}', 'minified object'],
    ['::1', 'IPv6 loopback'],
    ['uuid 123e4567-e89b-12d3-a456-426614174000', 'UUID'],
  ])('ignores %j (%s)', (text) => {
    expect(findValues(ipAddressDetector, text)).toEqual([]);
  });

  it('stays linear on adversarial input', () => {
    expect(timeDetect(ipAddressDetector, '1.'.repeat(100_000))).toBeLessThan(500);
    expect(timeDetect(ipAddressDetector, 'a:'.repeat(100_000))).toBeLessThan(500);
    expect(timeDetect(ipAddressDetector, ':'.repeat(100_000))).toBeLessThan(500);
  });
});
