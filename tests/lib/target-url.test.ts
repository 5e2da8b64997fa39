import { describe, expect, it } from 'vitest';
import { privateTargetReason } from '../../src/lib/target-url.js';

describe('webhook targets that name this machine or a private network', () => {
  it('catches loopback, private, link-local and mapped addresses, and localhost', () => {
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://localhost:3000/',
      'http://api.localhost/',
      'https://10.1.2.3/',
      'https://172.31.0.1/',
      'https://192.168.1.10/',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://198.18.0.1/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
      'http://[::1]:80/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:192.168.0.1]/',
    ]) {
      expect(privateTargetReason(url), url).not.toBeNull();
    }
  });

  it('lets public addresses and names through', () => {
    for (const url of [
      'https://platform.example.gov.cn/hooks',
      'https://172.32.0.1/',
      'https://8.8.8.8/',
      'http://[::ffff:8.8.8.8]/',
      'http://[2001:db8::1]/',
    ]) {
      expect(privateTargetReason(url), url).toBeNull();
    }
  });
});
