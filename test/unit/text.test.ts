import { describe, expect, it } from 'vitest';
import { cleanText, escapeHtml } from '../../functions/lib/articles/text.js';
import { createTextSlots, forCdata, hexEscapeText } from '../../functions/lib/feeds/xml-text.js';

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

  it('removes DEL, C1 controls, noncharacters and the replacement character', () => {
    expect(cleanText('a\u007fb\u0085c\u009fd\ufffee\uffff\ufdd0f\u{1fffe}g\ufffdh')).toBe('abcdefgh');
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
  it('writes &, < and > in plain text as hexadecimal character references', () => {
    expect(hexEscapeText('R&amp;D <b> & co >')).toBe('R&#x26;amp;D &#x3C;b&#x3E; &#x26; co &#x3E;');
  });

  it('fills each slot, with or without the CDATA wrapper feed put around it, with its escaped text', () => {
    const text = createTextSlots();
    const xml = `<title><![CDATA[${text.slot('a < b')}]]></title><name>${text.slot('R&D')}</name>`;
    expect(text.fill(xml)).toBe('<title>a &#x3C; b</title><name>R&#x26;D</name>');
  });

  it('leaves the first ]]> for xml-js and splits every later one', () => {
    expect(forCdata('no marker')).toBe('no marker');
    expect(forCdata('a]]>b')).toBe('a]]>b');
    expect(forCdata('a]]>b]]>c]]>')).toBe('a]]>b]]]]><![CDATA[>c]]]]><![CDATA[>');
  });
});
