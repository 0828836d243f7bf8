import { describe, expect, it } from 'vitest';
import { cleanText, escapeHtml } from '../../functions/lib/articles/text.js';
import { forCdata, forXmlText } from '../../functions/lib/feeds/xml-text.js';

describe('cleanText', () => {
  it('removes characters XML 1.0 forbids and keeps tab and newline', () => {
    expect(cleanText('a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg\t\nh')).toBe('abcdefg\t\nh');
  });

  it('turns CR and CRLF into LF, as XML parsers would', () => {
    expect(cleanText('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });

  it('removes lone surrogates but keeps pairs (emoji)', () => {
    expect(cleanText('x\ud800y\udc00z😀')).toBe('xyz😀');
  });

  it('removes DEL, C1 controls and noncharacters', () => {
    expect(cleanText('a\u007fb\u0085c\u009fd\ufffee\uffff\ufdd0f\u{1fffe}g')).toBe('abcdefg');
  });

  it('keeps right-to-left text, accents and symbols unchanged', () => {
    const text = 'سياسة Économie ‏mark‎ → © ½';
    expect(cleanText(text)).toBe(text);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that HTML and XML give meaning to', () => {
    expect(escapeHtml(`<b>"Tom" & 'Jerry'</b>`)).toBe(
      '&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;',
    );
  });
});

describe('values prepared for xml-js', () => {
  it('doubles ampersands so its un-escaping of &amp; round-trips', () => {
    expect(forXmlText('R&amp;D & co')).toBe('R&amp;amp;D &amp; co');
  });

  it('leaves the first ]]> for xml-js and splits every later one', () => {
    expect(forCdata('no marker')).toBe('no marker');
    expect(forCdata('a]]>b')).toBe('a]]>b');
    expect(forCdata('a]]>b]]>c]]>')).toBe('a]]>b]]]]><![CDATA[>c]]]]><![CDATA[>');
  });
});
