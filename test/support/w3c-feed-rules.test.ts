import { describe, expect, it } from 'vitest';
import { canonicalForm, checkFeed, type Finding } from './w3c-feed-rules.js';

const RSS_URL = 'https://example.com/rss.xml';
const ATOM_URL = 'https://example.com/atom.xml';

const VALID_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Example</title>
    <link>https://example.com/</link>
    <description>Example feed</description>
    <language>en-us</language>
    <atom:link href="https://example.com/rss.xml" rel="self" type="application/rss+xml"/>
    <lastBuildDate>Mon, 01 Jan 2024 00:00:00 GMT</lastBuildDate>
    <item>
      <title>First post</title>
      <link>https://example.com/posts/first</link>
      <guid isPermaLink="true">https://example.com/posts/first</guid>
      <pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>
      <description>&lt;p&gt;Hello &lt;a href="https://example.com/x"&gt;world&lt;/a&gt;&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>Hello <em>world</em></p>]]></content:encoded>
      <dc:creator>Jane Doe</dc:creator>
      <category>news</category>
      <enclosure url="https://example.com/a.mp3" length="123" type="audio/mpeg"/>
    </item>
  </channel>
</rss>
`;

const VALID_ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Example</title>
  <id>https://example.com/</id>
  <updated>2024-01-01T00:00:00Z</updated>
  <link rel="self" href="https://example.com/atom.xml" type="application/atom+xml"/>
  <link rel="alternate" href="https://example.com/" type="text/html"/>
  <author><name>Jane Doe</name><email>jane@example.com</email><uri>https://example.com/</uri></author>
  <entry>
    <title>First post</title>
    <id>https://example.com/posts/first</id>
    <updated>2024-01-01T00:00:00Z</updated>
    <published>2024-01-01T00:00:00Z</published>
    <link rel="alternate" href="https://example.com/posts/first" type="text/html"/>
    <category term="news"/>
    <summary>A summary</summary>
    <content type="html">&lt;p&gt;Hello &lt;em&gt;world&lt;/em&gt;&lt;/p&gt;</content>
  </entry>
</feed>
`;

type Edit = readonly [from: string, to: string];

/** Applies edits, failing loudly if a search string is absent (so no case passes vacuously). */
function edit(base: string, edits: readonly Edit[]): string {
  let out = base;
  for (const [from, to] of edits) {
    if (!out.includes(from)) throw new Error(`edit target not found: ${from}`);
    out = out.replace(from, to);
  }
  return out;
}

function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.level} ${f.rule}`).sort();
}

const ITEM_START = '<item>';
const ITEM_END = '</item>';
const RSS_ROOT = '<rss version="2.0"';
const AFTER_LANGUAGE = '<language>en-us</language>';
const RSS_PUBDATE = '<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>';
const RSS_GUID = '<guid isPermaLink="true">https://example.com/posts/first</guid>';
const RSS_DESCRIPTION =
  '<description>&lt;p&gt;Hello &lt;a href="https://example.com/x"&gt;world&lt;/a&gt;&lt;/p&gt;</description>';
const RSS_CONTENT = '<content:encoded><![CDATA[<p>Hello <em>world</em></p>]]></content:encoded>';
const RSS_CREATOR = '<dc:creator>Jane Doe</dc:creator>';
const RSS_ENCLOSURE = '<enclosure url="https://example.com/a.mp3" length="123" type="audio/mpeg"/>';
const LAST_BUILD = '<lastBuildDate>Mon, 01 Jan 2024 00:00:00 GMT</lastBuildDate>';
const SELF_LINK = '<atom:link href="https://example.com/rss.xml" rel="self" type="application/rss+xml"/>';
const ITEM_TITLE = '<title>First post</title>';
const ITEM_LINK = '<link>https://example.com/posts/first</link>';

interface Case {
  name: string;
  edits: readonly Edit[];
  expected: readonly string[];
  selfUrl?: string;
}

describe('baseline feeds', () => {
  it('a minimal valid RSS 2.0 feed has no findings', () => {
    expect(checkFeed(VALID_RSS, { selfUrl: RSS_URL })).toEqual([]);
  });

  it('a minimal valid Atom 1.0 feed has no findings', () => {
    expect(checkFeed(VALID_ATOM, { selfUrl: ATOM_URL })).toEqual([]);
  });

  it('reports where a finding is', () => {
    const xml = edit(VALID_RSS, [[RSS_GUID, '<guid>post-1</guid>']]);
    expect(checkFeed(xml, { selfUrl: RSS_URL })).toEqual([
      {
        level: 'error',
        rule: 'InvalidHttpGUID',
        message: 'guid must be a full URL, unless isPermaLink attribute is false',
        path: '/rss/channel/item/guid',
      },
    ]);
  });
});

const rssCases: Case[] = [
  // channel.py channel.validate
  {
    name: 'missing channel description',
    edits: [['<description>Example feed</description>', '']],
    expected: ['error MissingDescription'],
  },
  {
    name: 'missing channel title',
    edits: [['<title>Example</title>', '']],
    expected: ['error MissingTitle'],
  },
  {
    name: 'missing channel link',
    edits: [['<link>https://example.com/</link>', '']],
    expected: ['error MissingLink'],
  },
  { name: 'no atom:link rel=self', edits: [[SELF_LINK, '']], expected: ['warning MissingAtomSelfLink'] },
  {
    name: 'self link elsewhere',
    edits: [],
    selfUrl: 'https://example.com/feed.xml',
    expected: ['warning SelfDoesntMatchLocation'],
  },
  {
    name: 'relative self link',
    edits: [['href="https://example.com/rss.xml"', 'href="/rss.xml"']],
    expected: ['warning RelativeSelf'],
  },
  {
    name: 'self link of non-feed type',
    edits: [['type="application/rss+xml"', 'type="text/xml"']],
    expected: ['warning SelfNotAtom'],
  },
  {
    name: 'invalid language',
    edits: [[AFTER_LANGUAGE, '<language>english</language>']],
    expected: ['error InvalidLanguage'],
  },
  {
    name: 'non-numeric ttl',
    edits: [[AFTER_LANGUAGE, `${AFTER_LANGUAGE}<ttl>soon</ttl>`]],
    expected: ['error InvalidPositiveInteger'],
  },
  {
    name: 'HTML in channel description',
    edits: [
      ['<description>Example feed</description>', '<description>&lt;p&gt;Example&lt;/p&gt;</description>'],
    ],
    expected: ['warning ContainsHTML'],
  },
  {
    name: 'item before channel metadata',
    edits: [
      [LAST_BUILD, ''],
      [ITEM_END, `${ITEM_END}${LAST_BUILD}`],
    ],
    expected: ['warning MisplacedItem'],
  },
  {
    name: 'textInput',
    edits: [[AFTER_LANGUAGE, `${AFTER_LANGUAGE}<textInput><title>t</title></textInput>`]],
    expected: ['warning AvoidTextInput'],
  },
  {
    name: 'invalid dc:date',
    edits: [[AFTER_LANGUAGE, `${AFTER_LANGUAGE}<dc:date>yesterday</dc:date>`]],
    expected: ['error InvalidW3CDTFDate'],
  },
  {
    name: 'managingEditor and dc:creator on the channel',
    edits: [
      [
        AFTER_LANGUAGE,
        `${AFTER_LANGUAGE}<managingEditor>jane@example.com (Jane Doe)</managingEditor><dc:creator>Jane</dc:creator>`,
      ],
    ],
    expected: ['warning DuplicateSemantics'],
  },
  {
    name: 'image title differs from channel title',
    edits: [
      [
        LAST_BUILD,
        `${LAST_BUILD}<image><url>https://example.com/logo.png</url><title>Other</title><link>https://example.com/</link></image>`,
      ],
    ],
    expected: ['warning ImageTitleDoesntMatch'],
  },
  {
    name: 'image link differs from channel link',
    edits: [
      [
        LAST_BUILD,
        `${LAST_BUILD}<image><url>https://example.com/logo.png</url><title>Example</title><link>https://example.com/about</link></image>`,
      ],
    ],
    expected: ['warning ImageLinkDoesntMatch'],
  },
  {
    name: 'image in an unsupported format',
    edits: [
      [
        LAST_BUILD,
        `${LAST_BUILD}<image><url>https://example.com/logo.svg</url><title>Example</title><link>https://example.com/</link></image>`,
      ],
    ],
    expected: ['warning ImageUrlFormat'],
  },
  {
    name: 'image too wide',
    edits: [
      [
        LAST_BUILD,
        `${LAST_BUILD}<image><url>https://example.com/logo.png</url><title>Example</title><link>https://example.com/</link><width>200</width></image>`,
      ],
    ],
    expected: ['error InvalidWidth'],
  },
  {
    name: 'hour 24 in skipHours',
    edits: [[LAST_BUILD, `${LAST_BUILD}<skipHours><hour>24</hour></skipHours>`]],
    expected: ['warning UseZeroForMidnight'],
  },
  {
    name: 'invalid sy:updatePeriod',
    edits: [
      [RSS_ROOT, `${RSS_ROOT} xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"`],
      [LAST_BUILD, `${LAST_BUILD}<sy:updatePeriod>often</sy:updatePeriod>`],
    ],
    expected: ['error InvalidUpdatePeriod'],
  },
  // rss.py
  {
    name: 'unknown RSS version',
    edits: [['version="2.0"', 'version="3.0"']],
    expected: ['error InvalidRSSVersion'],
  },
  // item.py
  {
    name: 'bad pubDate',
    edits: [[RSS_PUBDATE, '<pubDate>2024-01-01T00:00:00Z</pubDate>']],
    expected: ['error InvalidRFC2822Date'],
  },
  {
    name: 'wrong day of week',
    edits: [[RSS_PUBDATE, '<pubDate>Tue, 01 Jan 2024 00:00:00 GMT</pubDate>']],
    expected: ['error IncorrectDOW'],
  },
  {
    name: 'two-digit year',
    edits: [[RSS_PUBDATE, '<pubDate>Mon, 1 Jan 24 00:00:00 GMT</pubDate>']],
    expected: ['warning ProblematicalRFC822Date'],
  },
  {
    name: 'pubDate before 1990',
    edits: [[RSS_PUBDATE, '<pubDate>Sat, 01 Jan 1983 00:00:00 GMT</pubDate>']],
    expected: ['warning ImplausibleDate'],
  },
  {
    name: 'pubDate in the future',
    edits: [[RSS_PUBDATE, '<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate>']],
    expected: ['warning ImplausibleDate'],
  },
  {
    name: 'name-only author',
    edits: [[RSS_CREATOR, '<author>Jane Doe</author>']],
    expected: ['error InvalidContact'],
  },
  {
    name: 'author without real name',
    edits: [[RSS_CREATOR, '<author>jane@example.com</author>']],
    expected: ['warning MissingRealName'],
  },
  {
    name: 'author in "Name <addr>" form',
    edits: [[RSS_CREATOR, '<author>Jane Doe &lt;jane@example.com&gt;</author>']],
    expected: ['warning EmailFormat'],
  },
  {
    name: 'author in "addr (Name)" form is clean',
    edits: [[RSS_CREATOR, '<author>jane@example.com (Jane Doe)</author>']],
    expected: [],
  },
  {
    name: 'author together with dc:creator',
    edits: [[RSS_CREATOR, `${RSS_CREATOR}<author>jane@example.com (Jane Doe)</author>`]],
    expected: ['warning DuplicateItemSemantics'],
  },
  {
    name: 'undefined item element',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}<summary>x</summary>`]],
    expected: ['error UndefinedElement'],
  },
  {
    name: 'two item titles',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}<title>Again</title>`]],
    expected: ['error DuplicateElement'],
  },
  {
    name: 'relative item link',
    edits: [[ITEM_LINK, '<link>/posts/first</link>']],
    expected: ['error InvalidFullLink'],
  },
  {
    name: 'unregistered URI scheme',
    edits: [[ITEM_LINK, '<link>foo:bar</link>']],
    expected: ['warning SchemeNotIANARegistered'],
  },
  {
    name: 'guid that is not a URL',
    edits: [[RSS_GUID, '<guid>post-1</guid>']],
    expected: ['error InvalidHttpGUID'],
  },
  {
    name: 'tag: URI used as a permalink',
    edits: [[RSS_GUID, '<guid>tag:example.com,2024:first</guid>']],
    expected: ['error InvalidPermalink'],
  },
  {
    name: 'tag: URI guid marked as not a permalink is clean',
    edits: [[RSS_GUID, '<guid isPermaLink="false">tag:example.com,2024:first</guid>']],
    expected: [],
  },
  {
    name: 'short numeric guid',
    edits: [[RSS_GUID, '<guid isPermaLink="false">42</guid>']],
    expected: ['warning NotSufficientlyUnique'],
  },
  {
    name: 'isPermaLink not boolean',
    edits: [['isPermaLink="true"', 'isPermaLink="yes"']],
    expected: ['error InvalidBooleanAttribute'],
  },
  { name: 'missing guid', edits: [[RSS_GUID, '']], expected: ['warning MissingGuid'] },
  {
    name: 'two items with the same guid',
    edits: [[ITEM_END, `${ITEM_END}<item><title>Again</title>${RSS_GUID}</item>`]],
    expected: ['error DuplicateValue'],
  },
  {
    name: 'empty category',
    edits: [['<category>news</category>', '<category></category>']],
    expected: ['warning NotBlank'],
  },
  {
    name: 'no title and no description',
    edits: [
      [ITEM_TITLE, ''],
      [RSS_DESCRIPTION, ''],
      [RSS_CONTENT, ''],
    ],
    expected: ['error ItemMustContainTitleOrDescription'],
  },
  {
    name: 'content:encoded before description',
    edits: [
      [RSS_DESCRIPTION, ''],
      [RSS_CONTENT, `${RSS_CONTENT}${RSS_DESCRIPTION}`],
    ],
    expected: ['warning NeedDescriptionBeforeContent'],
  },
  {
    name: 'markup in a plain-text title',
    edits: [[ITEM_TITLE, '<title>Use &lt;b&gt; tags</title>']],
    expected: ['warning CharacterData'],
  },
  {
    name: 'markup in a title written with hex references is clean',
    edits: [[ITEM_TITLE, '<title>Use &#x3C;b> tags</title>']],
    expected: [],
  },
  {
    name: 'text directly inside item',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}oops`]],
    expected: ['error UnexpectedText'],
  },
  {
    name: 'title with a C1 control character',
    edits: [[ITEM_TITLE, '<title>First \u0093post\u0094</title>']],
    expected: ['warning BadCharacters'],
  },
  {
    name: 'atom:category inside an item',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}<atom:category term="x"/>`]],
    expected: ['warning QuestionableUsage'],
  },
  {
    name: 'atom:title inside an item',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}<atom:title>First post</atom:title>`]],
    expected: ['warning DuplicateDescriptionSemantics'],
  },
  {
    name: 'slash:comments without lastBuildDate',
    edits: [
      [RSS_ROOT, `${RSS_ROOT} xmlns:slash="http://purl.org/rss/1.0/modules/slash/"`],
      [LAST_BUILD, ''],
      [ITEM_TITLE, `${ITEM_TITLE}<slash:comments>3</slash:comments>`],
    ],
    expected: ['warning SlashDate'],
  },
  {
    name: 'wfw:commentRSS spelling',
    edits: [
      [RSS_ROOT, `${RSS_ROOT} xmlns:wfw="http://wellformedweb.org/CommentAPI/"`],
      [ITEM_TITLE, `${ITEM_TITLE}<wfw:commentRSS>https://example.com/c</wfw:commentRSS>`],
    ],
    expected: ['warning CommentRSS'],
  },
  // item.py enclosure
  {
    name: 'enclosure MIME type',
    edits: [['type="audio/mpeg"', 'type="audio"']],
    expected: ['error InvalidMIMEAttribute'],
  },
  {
    name: 'relative enclosure url',
    edits: [['url="https://example.com/a.mp3"', 'url="/a.mp3"']],
    expected: ['error InvalidURLAttribute'],
  },
  {
    name: 'enclosure length -1',
    edits: [['length="123"', 'length="-1"']],
    expected: ['error UseZeroForUnknown'],
  },
  { name: 'enclosure without length', edits: [[' length="123"', '']], expected: ['error MissingAttribute'] },
  {
    name: 'two enclosures',
    edits: [[RSS_ENCLOSURE, `${RSS_ENCLOSURE}${RSS_ENCLOSURE}`]],
    expected: ['warning DuplicateEnclosure'],
  },
  // validators.py HTMLValidator / absUrlMixin on description and content:encoded
  {
    name: 'relative link in description',
    edits: [['href="https://example.com/x"', 'href="/x"']],
    expected: ['warning ContainsRelRef'],
  },
  {
    name: 'script in content:encoded',
    edits: [
      [RSS_CONTENT, '<content:encoded><![CDATA[<p>Hi</p><script>alert(1)</script>]]></content:encoded>'],
    ],
    expected: ['warning SecurityRisk'],
  },
  {
    name: 'iframe in content:encoded',
    edits: [
      [
        RSS_CONTENT,
        '<content:encoded><![CDATA[<iframe src="https://example.com/v"></iframe>]]></content:encoded>',
      ],
    ],
    expected: ['warning SecurityRisk'],
  },
  {
    name: 'event handler attribute',
    edits: [
      [
        RSS_CONTENT,
        '<content:encoded><![CDATA[<img src="https://example.com/i.png" onerror="alert(1)">]]></content:encoded>',
      ],
    ],
    expected: ['warning SecurityRiskAttr'],
  },
  {
    name: 'dangerous style attribute',
    edits: [
      [
        RSS_CONTENT,
        '<content:encoded><![CDATA[<p style="background: url(javascript:alert(1))">x</p>]]></content:encoded>',
      ],
    ],
    expected: ['warning DangerousStyleAttr'],
  },
  {
    name: 'harmless style attribute is clean',
    edits: [
      [
        RSS_CONTENT,
        '<content:encoded><![CDATA[<p style="color: red; margin: 0 auto">x</p>]]></content:encoded>',
      ],
    ],
    expected: [],
  },
  {
    name: 'non-HTML tag',
    edits: [[RSS_CONTENT, '<content:encoded><![CDATA[<p>Hi</p><blink>x</blink>]]></content:encoded>']],
    expected: ['warning NotHtml'],
  },
  {
    name: 'bare ampersand in HTML',
    edits: [[RSS_CONTENT, '<content:encoded><![CDATA[<p>AT&T</p>]]></content:encoded>']],
    expected: ['warning NotHtml'],
  },
  {
    name: 'javascript: href is not flagged (the validator does not check URL schemes in HTML)',
    edits: [['href="https://example.com/x"', 'href="javascript:alert(1)"']],
    expected: [],
  },
  // base.py dispatcher: attributes and namespaces
  {
    name: 'foreign attribute on a core element',
    edits: [[ITEM_START, '<item xmlns:x="https://example.org/ns" x:rating="5">']],
    expected: ['warning UnknownNamespace', 'warning UseOfExtensionAttr'],
  },
  {
    name: 'foreign attribute tolerated when docs is the RSS Board spec',
    edits: [
      [ITEM_START, '<item xmlns:x="https://example.org/ns" x:rating="5">'],
      [LAST_BUILD, `${LAST_BUILD}<docs>http://www.rssboard.org/rss-specification</docs>`],
    ],
    expected: ['warning UnknownNamespace'],
  },
  {
    name: 'unexpected attribute',
    edits: [[ITEM_START, '<item foo="bar">']],
    expected: ['error UnexpectedAttribute'],
  },
  {
    name: 'unknown namespace',
    edits: [[RSS_ROOT, `${RSS_ROOT} xmlns:x="https://example.org/ns"`]],
    expected: ['warning UnknownNamespace'],
  },
  {
    name: 'well-known prefix bound elsewhere',
    edits: [[RSS_ROOT, `${RSS_ROOT} xmlns:media="https://example.org/media"`]],
    expected: ['warning ReservedPrefix'],
  },
  {
    name: 'unsupported namespace',
    edits: [[RSS_ROOT, `${RSS_ROOT} xmlns:podcast="https://podcastindex.org/namespace/1.0"`]],
    expected: ['warning UnsupportedNamespace'],
  },
  // __init__.py / xmlEncoding.py
  { name: 'not well-formed', edits: [['</channel>', '']], expected: ['error SAXError'] },
  {
    name: 'obscure encoding',
    edits: [['encoding="UTF-8"', 'encoding="ISO-8859-9"']],
    expected: ['warning ObscureEncoding'],
  },
];

describe('RSS 2.0 rules', () => {
  it.each(rssCases)('$name', ({ edits, expected, selfUrl }) => {
    const xml = edit(VALID_RSS, edits);
    expect(summary(checkFeed(xml, { selfUrl: selfUrl ?? RSS_URL }))).toEqual([...expected].sort());
  });
});

const FEED_AUTHOR =
  '<author><name>Jane Doe</name><email>jane@example.com</email><uri>https://example.com/</uri></author>';
const ENTRY_ID = '<id>https://example.com/posts/first</id>';
const ENTRY_TITLE = '<title>First post</title>';
const ENTRY_UPDATED = '<updated>2024-01-01T00:00:00Z</updated>\n    <published>';
const ENTRY_LINK = '<link rel="alternate" href="https://example.com/posts/first" type="text/html"/>';
const ENTRY_SUMMARY = '<summary>A summary</summary>';
const ENTRY_CONTENT = '<content type="html">&lt;p&gt;Hello &lt;em&gt;world&lt;/em&gt;&lt;/p&gt;</content>';
const ATOM_SELF = '<link rel="self" href="https://example.com/atom.xml" type="application/atom+xml"/>';
const FEED_START = '<feed xmlns="http://www.w3.org/2005/Atom"';

function extraEntry(id: string, updated: string): string {
  return `<entry><title>Another</title><id>${id}</id><updated>${updated}</updated>${ENTRY_LINK}${ENTRY_SUMMARY}</entry>`;
}

const atomCases: Case[] = [
  // feed.py / entry.py required elements
  { name: 'no author anywhere', edits: [[FEED_AUTHOR, '']], expected: ['error MissingElement'] },
  { name: 'entry without id', edits: [[ENTRY_ID, '']], expected: ['error MissingElement'] },
  {
    name: 'feed without updated',
    edits: [['<updated>2024-01-01T00:00:00Z</updated>\n  <link', '<link']],
    expected: ['error MissingElement'],
  },
  { name: 'no self link', edits: [[ATOM_SELF, '']], expected: ['warning MissingSelf'] },
  {
    name: 'self link elsewhere',
    edits: [],
    selfUrl: 'https://example.com/feed.atom',
    expected: ['warning SelfDoesntMatchLocation'],
  },
  {
    name: 'self link with a different but equivalent spelling is clean',
    edits: [['href="https://example.com/atom.xml"', 'href="HTTPS://EXAMPLE.COM:443/./atom.xml"']],
    expected: [],
  },
  {
    name: 'feed metadata after an entry',
    edits: [['</entry>', '</entry><subtitle>late</subtitle>']],
    expected: ['error MisplacedMetadata'],
  },
  // dates (validators.py rfc3339)
  {
    name: 'date without time',
    edits: [[ENTRY_UPDATED, '<updated>2024-01-01</updated>\n    <published>']],
    expected: ['error InvalidRFC3339Date'],
  },
  {
    name: 'published far in the future',
    edits: [['<published>2024-01-01T00:00:00Z</published>', '<published>2999-01-01T00:00:00Z</published>']],
    expected: ['warning ImplausibleDate'],
  },
  // identifiers (validators.py canonicaluri / nows / unique)
  {
    name: 'malformed tag: id',
    edits: [[ENTRY_ID, '<id>tag:example.com:first</id>']],
    expected: ['error InvalidTAG'],
  },
  {
    name: 'malformed urn:uuid id',
    edits: [[ENTRY_ID, '<id>urn:uuid:1234</id>']],
    expected: ['error InvalidUUID'],
  },
  {
    name: 'well-formed urn:uuid id is clean',
    edits: [[ENTRY_ID, '<id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>']],
    expected: [],
  },
  {
    name: 'id not in canonical form',
    edits: [[ENTRY_ID, '<id>HTTPS://Example.com/posts/first</id>']],
    expected: ['warning NonCanonicalURI'],
  },
  {
    name: 'whitespace around id',
    edits: [[ENTRY_ID, '<id> https://example.com/posts/first </id>']],
    expected: ['error UnexpectedWhitespace'],
  },
  {
    name: 'two entries with the same id',
    edits: [['</entry>', `</entry>${extraEntry('https://example.com/posts/first', '2024-01-02T00:00:00Z')}`]],
    expected: ['warning DuplicateEntries'],
  },
  {
    name: 'two entries with the same updated',
    edits: [
      ['</entry>', `</entry>${extraEntry('https://example.com/posts/second', '2024-01-01T00:00:00Z')}`],
    ],
    expected: ['warning DuplicateUpdated'],
  },
  {
    name: 'ten entries sharing one id',
    edits: [
      [
        '</entry>',
        `</entry>${Array.from({ length: 9 }, (_, i) =>
          extraEntry(
            'https://example.com/posts/first',
            `2024-01-${String(i + 2).padStart(2, '0')}T00:00:00Z`,
          ),
        ).join('')}`,
      ],
    ],
    expected: ['error DuplicateIds'],
  },
  // links (link.py)
  {
    name: 'two alternate links of the same type',
    edits: [
      [ENTRY_LINK, `${ENTRY_LINK}<link rel="alternate" href="https://example.com/p2" type="text/html"/>`],
    ],
    expected: ['error DuplicateAtomLink'],
  },
  {
    name: 'link type not a MIME type',
    edits: [['type="text/html"/>\n  <author', 'type="html"/>\n  <author']],
    expected: ['error InvalidMIMEType'],
  },
  {
    name: 'unregistered link relation',
    edits: [[ENTRY_LINK, `${ENTRY_LINK}<link rel="foo" href="https://example.com/f"/>`]],
    expected: ['warning UnregisteredAtomLinkRel'],
  },
  {
    name: 'link without href',
    edits: [[ENTRY_LINK, `${ENTRY_LINK}<link rel="related"/>`]],
    expected: ['error MissingHref'],
  },
  {
    name: 'link with text content',
    edits: [[ENTRY_LINK, `${ENTRY_LINK}<link rel="related" href="https://example.com/r">text</link>`]],
    expected: ['warning AtomLinkNotEmpty'],
  },
  {
    name: 'paging relation on an entry',
    edits: [[ENTRY_LINK, `${ENTRY_LINK}<link rel="next" href="https://example.com/2"/>`]],
    expected: ['warning FeedHistoryRelInEntry'],
  },
  // author.py / category.py / generator.py
  {
    name: 'author email not an address',
    edits: [['<email>jane@example.com</email>', '<email>jane</email>']],
    expected: ['error InvalidAddrSpec'],
  },
  {
    name: 'author name containing an address',
    edits: [['<name>Jane Doe</name>', '<name>Jane &lt;jane@example.com&gt;</name>']],
    expected: ['warning ContainsEmail'],
  },
  {
    name: 'author uri not an IRI',
    edits: [['<uri>https://example.com/</uri>', '<uri>http:example.com</uri>']],
    expected: ['error InvalidIRI'],
  },
  {
    name: 'category without term',
    edits: [['<category term="news"/>', '<category/>']],
    expected: ['error MissingAttribute'],
  },
  {
    name: 'category with blank term',
    edits: [['<category term="news"/>', '<category term=""/>']],
    expected: ['warning NotBlank'],
  },
  {
    name: 'category scheme not absolute',
    edits: [['<category term="news"/>', '<category term="news" scheme="news"/>']],
    expected: ['error InvalidFullLink'],
  },
  {
    name: 'generator uri not a URI',
    edits: [[ATOM_SELF, `${ATOM_SELF}<generator uri="http:example.com">gen</generator>`]],
    expected: ['error InvalidURIAttribute'],
  },
  // content.py text constructs
  {
    name: 'HTML in a text title',
    edits: [[ENTRY_TITLE, '<title>&lt;b&gt;Hi&lt;/b&gt;</title>']],
    expected: ['warning ContainsUndeclaredHTML'],
  },
  {
    name: 'MIME type as a title type',
    edits: [[ENTRY_TITLE, '<title type="text/plain">Hi</title>']],
    expected: ['error InvalidTextType'],
  },
  {
    name: 'text/html content fragment',
    edits: [['<content type="html">', '<content type="text/html">']],
    expected: ['warning HtmlFragment'],
  },
  {
    name: 'unclosed element in html content',
    edits: [[ENTRY_CONTENT, '<content type="html">&lt;div&gt;Hello</content>']],
    expected: ['warning NotHtml'],
  },
  {
    name: 'script in xhtml content',
    edits: [
      [
        ENTRY_CONTENT,
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>x</script></div></content>',
      ],
    ],
    expected: ['warning SecurityRisk'],
  },
  {
    name: 'event handler in xhtml content',
    edits: [
      [
        ENTRY_CONTENT,
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x">Hi</p></div></content>',
      ],
    ],
    expected: ['warning SecurityRiskAttr'],
  },
  {
    name: 'xhtml content without a div wrapper',
    edits: [
      [ENTRY_CONTENT, '<content type="xhtml"><p xmlns="http://www.w3.org/1999/xhtml">Hi</p></content>'],
    ],
    expected: ['error MissingXhtmlDiv'],
  },
  {
    name: 'neither content nor summary',
    edits: [
      [ENTRY_SUMMARY, ''],
      [ENTRY_CONTENT, ''],
    ],
    expected: ['warning MissingTextualContent'],
  },
  {
    name: 'no content and no alternate link',
    edits: [
      [ENTRY_CONTENT, ''],
      [ENTRY_LINK, ''],
    ],
    expected: ['error MissingContentOrAlternate'],
  },
  {
    name: 'out-of-line content without summary',
    edits: [
      [ENTRY_SUMMARY, ''],
      [ENTRY_CONTENT, '<content type="audio/mpeg" src="https://example.com/a.mp3"/>'],
    ],
    expected: ['error MissingSummary'],
  },
  // base.py / root.py
  {
    name: 'atom prefix declared in an Atom feed',
    edits: [[FEED_START, `${FEED_START} xmlns:atom="http://www.w3.org/2005/Atom"`]],
    expected: ['warning AvoidNamespacePrefix'],
  },
  {
    // base.py startPrefixMapping also reports the xmlns="" undeclaration itself as an unknown namespace
    name: 'element in no namespace',
    edits: [[ENTRY_TITLE, `${ENTRY_TITLE}<foo xmlns="">x</foo>`]],
    expected: ['warning UndeterminableVocabulary', 'warning UnknownNamespace'],
  },
  {
    name: 'undefined Atom element',
    edits: [[ENTRY_TITLE, `${ENTRY_TITLE}<description>x</description>`]],
    expected: ['error UndefinedElement'],
  },
  {
    name: 'two entry titles',
    edits: [[ENTRY_TITLE, `${ENTRY_TITLE}<title>Again</title>`]],
    expected: ['error DuplicateElement'],
  },
  {
    name: 'unexpected attribute',
    edits: [['<entry>', '<entry foo="bar">']],
    expected: ['error UnexpectedAttribute'],
  },
  {
    name: 'invalid xml:lang',
    edits: [['xml:lang="en"', 'xml:lang="english"']],
    expected: ['error InvalidLanguage'],
  },
  {
    name: 'feed element outside the Atom namespace',
    edits: [[FEED_START, '<feed']],
    expected: ['error MissingNamespace'],
  },
];

describe('Atom 1.0 rules', () => {
  it.each(atomCases)('$name', ({ edits, expected, selfUrl }) => {
    const xml = edit(VALID_ATOM, edits);
    expect(summary(checkFeed(xml, { selfUrl: selfUrl ?? ATOM_URL }))).toEqual([...expected].sort());
  });
});

describe('document root', () => {
  it('rejects documents that are neither RSS nor Atom', () => {
    expect(summary(checkFeed('<html/>', { selfUrl: RSS_URL }))).toEqual(['error UndefinedElement']);
  });
});

describe('uri.py canonicalForm', () => {
  it.each([
    ['HTTP://Example.COM:80/a/./b/../c', 'http://example.com/a/c'],
    ['http://example.com', 'http://example.com/'],
    ['http://example.com/%7euser/%2f', 'http://example.com/~user/%2F'],
    ['https://example.com:8443/x?q=a b'.replace(' ', '%20'), 'https://example.com:8443/x?q=a%20b'],
    ['tag:example.com,2024:post-1', 'tag:example.com,2024:post-1'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalForm(input)).toBe(expected);
  });

  it('returns null for relative references and bad escapes', () => {
    expect(canonicalForm('posts/1')).toBeNull();
    expect(canonicalForm('http://example.com/%zz')).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// Media RSS (media.py, registered in extension.py), RFC 6721 tombstones, RFC 5005 / WebSub links
// ---------------------------------------------------------------------------

const MEDIA_NS = 'xmlns:media="http://search.yahoo.com/mrss/"';
const WITH_MEDIA_RSS: Edit = [RSS_ROOT, `${RSS_ROOT} ${MEDIA_NS}`];
const WITH_MEDIA_ATOM: Edit = [FEED_START, `${FEED_START} ${MEDIA_NS}`];
const PHOTO_DESCRIPTION =
  '<media:description type="plain">Rabat, the Hassan Tower at dusk</media:description>';
const PHOTO_CREDIT = '<media:credit role="photographer" scheme="urn:ebu">Amina El Idrissi</media:credit>';
const PHOTO_THUMBNAIL =
  '<media:thumbnail url="https://example.com/img/photo-320.jpg" width="320" height="213"/>';
/** The markup feedwright is to emit for an article's image. */
const PHOTO = `<media:content url="https://example.com/img/photo.jpg" type="image/jpeg" medium="image" width="1200" height="800">${PHOTO_DESCRIPTION}${PHOTO_CREDIT}${PHOTO_THUMBNAIL}</media:content>`;
const PHOTO_START =
  '<media:content url="https://example.com/img/photo.jpg" type="image/jpeg" medium="image" width="1200" height="800">';

/** media:content with the given attributes (and optional children) inside the RSS item. */
function rssMedia(markup: string): readonly Edit[] {
  return [WITH_MEDIA_RSS, [ITEM_TITLE, `${ITEM_TITLE}${markup}`]];
}

function content(attrs: string, children = ''): string {
  return children ? `<media:content ${attrs}>${children}</media:content>` : `<media:content ${attrs}/>`;
}

const mediaRssCases: Case[] = [
  // where media.py's handlers are registered (extension.py)
  { name: "feedwright's image markup in an item is clean", edits: rssMedia(PHOTO), expected: [] },
  {
    name: 'thumbnail, description and credit beside media:content in the item are clean',
    edits: rssMedia(
      `${content('url="https://example.com/img/photo.jpg" medium="image"')}${PHOTO_THUMBNAIL}${PHOTO_DESCRIPTION}${PHOTO_CREDIT}`,
    ),
    expected: [],
  },
  {
    name: 'media:thumbnail, media:title and media:credit on the channel are clean (extension_channel_item)',
    edits: [
      WITH_MEDIA_RSS,
      [LAST_BUILD, `${LAST_BUILD}${PHOTO_THUMBNAIL}<media:title>Example</media:title>${PHOTO_CREDIT}`],
    ],
    expected: [],
  },
  {
    name: 'media:content on the channel (only items and entries have it)',
    edits: [WITH_MEDIA_RSS, [LAST_BUILD, `${LAST_BUILD}${PHOTO}`]],
    expected: ['error UndefinedElement'],
  },
  {
    name: 'media:thumbnail inside the RSS image element',
    edits: [
      WITH_MEDIA_RSS,
      [
        LAST_BUILD,
        `${LAST_BUILD}<image><url>https://example.com/logo.png</url><title>Example</title><link>https://example.com/</link>${PHOTO_THUMBNAIL}</image>`,
      ],
    ],
    expected: ['error UndefinedElement'],
  },
  {
    name: 'an element media.py does not define (MRSS 1.5 media:license)',
    edits: rssMedia('<media:license type="text/html" href="https://example.com/l">CC BY</media:license>'),
    expected: ['error UndefinedElement'],
  },
  {
    name: 'media:content inside media:content',
    edits: rssMedia(content('url="https://example.com/a.jpg"', content('url="https://example.com/b.jpg"'))),
    expected: ['error UndefinedElement'],
  },
  {
    name: 'the Media RSS namespace without its slash still validates media elements',
    edits: [
      [RSS_ROOT, `${RSS_ROOT} xmlns:media="http://search.yahoo.com/mrss"`],
      [ITEM_TITLE, `${ITEM_TITLE}${content('medium="picture"')}`],
    ],
    expected: ['error InvalidMediaMedium', 'error MediaRssNamespace'],
  },
  // media_content.validate: no attribute is required
  { name: 'media:content without any attribute is clean', edits: rssMedia('<media:content/>'), expected: [] },
  {
    name: 'media:content with every attribute is clean',
    edits: rssMedia(
      content(
        'url="https://example.com/v.mov" fileSize="12216320" type="video/quicktime" medium="video" isDefault="true" expression="full" bitrate="128" framerate="25" samplingrate="44.1" channels="2" duration="185" height="200" width="300" lang="fr"',
      ),
    ),
    expected: [],
  },
  {
    name: 'unknown medium',
    edits: rssMedia(content('medium="picture"')),
    expected: ['error InvalidMediaMedium'],
  },
  { name: 'zero width', edits: rssMedia(content('width="0"')), expected: ['error InvalidPositiveInteger'] },
  {
    name: 'height in pixels',
    edits: rssMedia(content('height="800px"')),
    expected: ['error InvalidPositiveInteger'],
  },
  {
    name: 'fileSize not a number',
    edits: rssMedia(content('fileSize="big"')),
    expected: ['error InvalidPositiveInteger'],
  },
  {
    name: 'negative channels',
    edits: rssMedia(content('channels="-2"')),
    expected: ['error InvalidNonNegativeInteger'],
  },
  {
    name: 'type not a MIME type',
    edits: rssMedia(content('type="jpeg"')),
    expected: ['error InvalidMIMEAttribute'],
  },
  {
    name: 'relative url',
    edits: rssMedia(content('url="/img/photo.jpg"')),
    expected: ['error InvalidFullLink'],
  },
  {
    name: 'isDefault not boolean',
    edits: rssMedia(content('isDefault="yes"')),
    expected: ['error InvalidTrueFalse'],
  },
  { name: 'isDefault in capitals is clean', edits: rssMedia(content('isDefault="TRUE"')), expected: [] },
  {
    name: 'unknown expression',
    edits: rssMedia(content('expression="partial"')),
    expected: ['error InvalidMediaExpression'],
  },
  {
    name: 'bitrate not a number',
    edits: rssMedia(content('bitrate="fast"')),
    expected: ['error InvalidFloat'],
  },
  {
    name: 'bitrate with a unit is clean (the float check is anchored at the start only)',
    edits: rssMedia(content('bitrate="64kbps"')),
    expected: [],
  },
  {
    name: 'lang not a language',
    edits: rssMedia(content('lang="french"')),
    expected: ['error InvalidLanguage'],
  },
  { name: 'lang="fr-MA" is clean', edits: rssMedia(content('lang="fr-MA"')), expected: [] },
  {
    name: 'attribute media.py does not expect',
    edits: rssMedia(content('alt="A photo"')),
    expected: ['error UnexpectedAttribute'],
  },
  {
    name: 'text directly inside media:content',
    edits: rssMedia(content('url="https://example.com/a.jpg"', 'a photo')),
    expected: ['error UnexpectedText'],
  },
  {
    name: 'dc:title inside media:content is clean (extension_everywhere)',
    edits: [
      WITH_MEDIA_RSS,
      [
        ITEM_TITLE,
        `${ITEM_TITLE}${content('url="https://example.com/a.jpg"', '<dc:title>A photo</dc:title>')}`,
      ],
    ],
    expected: [],
  },
  // media_thumbnail
  {
    name: 'media:thumbnail without url',
    edits: rssMedia('<media:thumbnail width="320"/>'),
    expected: ['error MissingAttribute'],
  },
  {
    name: 'media:thumbnail width not a number',
    edits: rssMedia('<media:thumbnail url="https://example.com/t.jpg" width="wide"/>'),
    expected: ['error InvalidPositiveInteger'],
  },
  {
    name: 'media:thumbnail time not an NPT time',
    edits: rssMedia('<media:thumbnail url="https://example.com/t.jpg" time="soon"/>'),
    expected: ['error InvalidNPTTime'],
  },
  {
    name: 'media:thumbnail time 00:01:02.5 is clean',
    edits: rssMedia('<media:thumbnail url="https://example.com/t.jpg" time="00:01:02.5"/>'),
    expected: [],
  },
  {
    name: 'element inside media:thumbnail',
    edits: rssMedia(
      '<media:thumbnail url="https://example.com/t.jpg"><media:title>x</media:title></media:thumbnail>',
    ),
    expected: ['error UndefinedElement'],
  },
  // media_title (media:title, media:description)
  {
    name: 'media:description type other than plain or html',
    edits: rssMedia('<media:description type="text">A photo</media:description>'),
    expected: ['error InvalidMediaTextType'],
  },
  {
    name: 'HTML in a plain media:description',
    edits: rssMedia('<media:description type="plain">A &lt;b&gt;fine&lt;/b&gt; photo</media:description>'),
    expected: ['warning ContainsUndeclaredHTML'],
  },
  {
    name: 'markup-like text in a plain media:description (RSS 2.0 profile)',
    edits: rssMedia('<media:description type="plain">Use &lt;b tags</media:description>'),
    expected: ['warning CharacterData'],
  },
  {
    name: 'markup-like text written with hex references is clean',
    edits: rssMedia('<media:description type="plain">Use &#x3C;b tags</media:description>'),
    expected: [],
  },
  {
    name: 'script in an html media:description',
    edits: rssMedia('<media:description type="html">&lt;script&gt;x()&lt;/script&gt;</media:description>'),
    expected: ['warning SecurityRisk'],
  },
  {
    name: 'two media:description in one media:content',
    edits: rssMedia(content('url="https://example.com/a.jpg"', `${PHOTO_DESCRIPTION}${PHOTO_DESCRIPTION}`)),
    expected: ['error DuplicateElement'],
  },
  {
    name: 'two media:title in an item',
    edits: rssMedia('<media:title>A</media:title><media:title>B</media:title>'),
    expected: ['error DuplicateElement'],
  },
  // media_credit
  {
    name: 'credit role in capitals',
    edits: rssMedia('<media:credit role="Photographer">Jane</media:credit>'),
    expected: ['error InvalidCreditRole'],
  },
  {
    name: 'credit role not an EBU role (scheme defaults to urn:ebu)',
    edits: rssMedia('<media:credit role="snapper">Jane</media:credit>'),
    expected: ['error InvalidCreditRole'],
  },
  {
    name: 'credit with an own scheme accepts any lower-case role',
    edits: rssMedia('<media:credit role="snapper" scheme="https://example.com/roles">Jane</media:credit>'),
    expected: [],
  },
  {
    name: 'credit scheme not a full URI',
    edits: rssMedia('<media:credit role="musician" scheme="foo">Jane</media:credit>'),
    expected: ['error InvalidFullLink'],
  },
  // media_group
  {
    name: 'media:group with two alternatives is clean',
    edits: rssMedia(
      `<media:group>${content('url="https://example.com/a.jpg"')}${content('url="https://example.com/b.jpg"')}${PHOTO_CREDIT}</media:group>`,
    ),
    expected: [],
  },
  {
    name: 'media:group with one media:content',
    edits: rssMedia(`<media:group>${content('url="https://example.com/a.jpg"')}</media:group>`),
    expected: ['error MediaGroupWithoutAlternatives'],
  },
  // media_rating, media_hash, media_restriction, media_player, media_text, media_category, media_copyright
  {
    name: 'media:rating nonadult is clean',
    edits: rssMedia('<media:rating>nonadult</media:rating>'),
    expected: [],
  },
  {
    name: 'media:rating outside urn:simple',
    edits: rssMedia('<media:rating>kids</media:rating>'),
    expected: ['error InvalidMediaRating'],
  },
  {
    name: 'media:rating scheme not a full URI',
    edits: rssMedia('<media:rating scheme="mine">kids</media:rating>'),
    expected: ['error InvalidFullLink'],
  },
  {
    name: 'md5 media:hash is clean',
    edits: rssMedia('<media:hash>dfdec888b72151965a34b4b59031290a</media:hash>'),
    expected: [],
  },
  {
    name: 'sha-1 media:hash of the wrong length',
    edits: rssMedia('<media:hash algo="sha-1">dfdec888b72151965a34b4b59031290a</media:hash>'),
    expected: ['error InvalidMediaHash'],
  },
  {
    name: 'media:restriction without relationship',
    edits: rssMedia('<media:restriction type="country">fr</media:restriction>'),
    expected: ['error MissingAttribute'],
  },
  {
    name: 'media:restriction by country (any case) is clean',
    edits: rssMedia('<media:restriction relationship="allow" type="country">ma fr</media:restriction>'),
    expected: [],
  },
  {
    name: 'media:restriction with an unknown country',
    edits: rssMedia('<media:restriction relationship="deny" type="country">XX</media:restriction>'),
    expected: ['error InvalidCountryCode'],
  },
  {
    name: 'media:restriction relationship "disallow" (media.py wants allow or deny)',
    edits: rssMedia('<media:restriction relationship="disallow">all</media:restriction>'),
    expected: ['error InvalidMediaRestrictionRel'],
  },
  {
    name: 'media:restriction of an unknown type',
    edits: rssMedia('<media:restriction relationship="allow" type="region">x</media:restriction>'),
    expected: ['error InvalidMediaRestrictionType'],
  },
  {
    name: 'media:restriction without type must be all or none',
    edits: rssMedia('<media:restriction relationship="allow">some</media:restriction>'),
    expected: ['error InvalidMediaRestriction'],
  },
  {
    name: 'media:player without url',
    edits: rssMedia('<media:player height="200"/>'),
    expected: ['error MissingAttribute'],
  },
  {
    name: 'media:text start not an NPT time',
    edits: rssMedia('<media:text start="later">Hello</media:text>'),
    expected: ['error InvalidNPTTime'],
  },
  {
    name: 'media:text lang not a language',
    edits: rssMedia('<media:text lang="arabic">مرحبا</media:text>'),
    expected: ['error InvalidLanguage'],
  },
  {
    name: 'media:keywords with a child element',
    edits: rssMedia('<media:keywords><b>x</b></media:keywords>'),
    expected: ['error UndefinedElement'],
  },
  {
    name: 'media:category scheme not a full URI',
    edits: rssMedia('<media:category scheme="tags">news</media:category>'),
    expected: ['error InvalidFullLink'],
  },
  {
    name: 'media:copyright url not a full URI',
    edits: rssMedia('<media:copyright url="/c">© Jane</media:copyright>'),
    expected: ['error InvalidFullLink'],
  },
  {
    name: 'media:adult',
    edits: rssMedia('<media:adult>false</media:adult>'),
    expected: ['warning DeprecatedMediaAdult'],
  },
  {
    name: 'attribute in an unknown namespace on media:content is only an unknown namespace',
    edits: rssMedia(
      content('xmlns:x="https://example.org/ns" x:focus="center" url="https://example.com/a.jpg"'),
    ),
    expected: ['warning UnknownNamespace'],
  },
];

describe('Media RSS in RSS 2.0 (media.py)', () => {
  it.each(mediaRssCases)('$name', ({ edits, expected, selfUrl }) => {
    const xml = edit(VALID_RSS, edits);
    expect(summary(checkFeed(xml, { selfUrl: selfUrl ?? RSS_URL }))).toEqual([...expected].sort());
  });
});

const mediaAtomCases: Case[] = [
  {
    name: "feedwright's image markup in an entry is clean (extension_entry)",
    edits: [WITH_MEDIA_ATOM, [ENTRY_TITLE, `${ENTRY_TITLE}${PHOTO}`]],
    expected: [],
  },
  {
    name: 'media:thumbnail and media:credit on the feed are clean',
    edits: [WITH_MEDIA_ATOM, [ATOM_SELF, `${ATOM_SELF}${PHOTO_THUMBNAIL}${PHOTO_CREDIT}`]],
    expected: [],
  },
  {
    name: 'media:content on the feed',
    edits: [WITH_MEDIA_ATOM, [ATOM_SELF, `${ATOM_SELF}${PHOTO}`]],
    expected: ['error UndefinedElement'],
  },
  {
    name: 'markup-like text in media:description is clean in Atom (CharacterData is RSS-only)',
    edits: [
      WITH_MEDIA_ATOM,
      [ENTRY_TITLE, `${ENTRY_TITLE}<media:description type="plain">Use &lt;b tags</media:description>`],
    ],
    expected: [],
  },
  {
    name: 'HTML in a plain media:description in Atom',
    edits: [
      WITH_MEDIA_ATOM,
      [ENTRY_TITLE, `${ENTRY_TITLE}<media:description>&lt;b&gt;x&lt;/b&gt;</media:description>`],
    ],
    expected: ['warning ContainsUndeclaredHTML'],
  },
  {
    name: 'an Atom element inside media:content',
    edits: [WITH_MEDIA_ATOM, [ENTRY_TITLE, `${ENTRY_TITLE}${PHOTO_START}<title>x</title></media:content>`]],
    expected: ['warning QuestionableUsage'],
  },
  {
    name: 'media:content in an entry gets the same attribute checks',
    edits: [WITH_MEDIA_ATOM, [ENTRY_TITLE, `${ENTRY_TITLE}${content('medium="photo" width="1200px"')}`]],
    expected: ['error InvalidMediaMedium', 'error InvalidPositiveInteger'],
  },
];

describe('Media RSS in Atom 1.0 (media.py via extension_entry / extension_feed)', () => {
  it.each(mediaAtomCases)('$name', ({ edits, expected, selfUrl }) => {
    const xml = edit(VALID_ATOM, edits);
    expect(summary(checkFeed(xml, { selfUrl: selfUrl ?? ATOM_URL }))).toEqual([...expected].sort());
  });
});

const TOMBSTONE_NS = 'xmlns:at="http://purl.org/atompub/tombstones/1.0"';
const TOMBSTONE =
  '<at:deleted-entry ref="https://example.com/posts/old" when="2024-01-01T00:00:00Z"><at:by><name>Jane Doe</name></at:by><at:comment>Retracted</at:comment><link rel="alternate" href="https://example.com/posts/old"/></at:deleted-entry>';

const tombstoneCases: Case[] = [
  {
    // base.py `namespaces` has no tombstones entry: startPrefixMapping logs UnknownNamespace, and
    // the elements go to an eater, so nothing inside them is checked.
    name: 'an RFC 6721 tombstone earns UnknownNamespace (the namespace is not in base.py)',
    edits: [
      [FEED_START, `${FEED_START} ${TOMBSTONE_NS}`],
      ['</entry>', `</entry>${TOMBSTONE}`],
    ],
    expected: ['warning UnknownNamespace'],
  },
  {
    name: 'a malformed tombstone earns nothing more: the validator does not look inside',
    edits: [
      [FEED_START, `${FEED_START} ${TOMBSTONE_NS}`],
      [
        '</entry>',
        '</entry><at:deleted-entry when="yesterday" foo="bar"><at:by>x</at:by></at:deleted-entry>',
      ],
    ],
    expected: ['warning UnknownNamespace'],
  },
  {
    name: 'a tombstone declaring its namespace itself',
    edits: [
      [
        '</entry>',
        `</entry>${TOMBSTONE.replace('<at:deleted-entry ', `<at:deleted-entry ${TOMBSTONE_NS} `)}`,
      ],
    ],
    expected: ['warning UnknownNamespace'],
  },
];

describe('RFC 6721 tombstones (not known to the validator)', () => {
  it.each(tombstoneCases)('$name', ({ edits, expected }) => {
    const xml = edit(VALID_ATOM, edits);
    expect(summary(checkFeed(xml, { selfUrl: ATOM_URL }))).toEqual([...expected].sort());
  });
});

const FH_NS = 'xmlns:fh="http://purl.org/syndication/history/1.0"';
const ARCHIVE_LINKS =
  '<link rel="current" href="https://example.com/atom.xml"/><link rel="prev-archive" href="https://example.com/archive/2023.xml"/><link rel="next-archive" href="https://example.com/archive/2025.xml"/><link rel="hub" href="https://hub.example.com/"/>';
const ARCHIVE_URL = 'https://example.com/archive/2024.xml';

const atomLinkCases: Case[] = [
  // link.py validRelations
  {
    name: 'prev-archive, next-archive, current and hub on the feed are clean',
    edits: [[ATOM_SELF, `${ATOM_SELF}${ARCHIVE_LINKS}`]],
    expected: [],
  },
  {
    name: 'a relation written as its IANA URI is clean',
    edits: [
      [
        ATOM_SELF,
        `${ATOM_SELF}<link rel="http://www.iana.org/assignments/relation/hub" href="https://hub.example.com/"/>`,
      ],
    ],
    expected: [],
  },
  {
    name: 'an extension relation that is an absolute URI is clean',
    edits: [
      [ATOM_SELF, `${ATOM_SELF}<link rel="https://example.com/rel/archives" href="https://example.com/a"/>`],
    ],
    expected: [],
  },
  {
    name: 'an unregistered relation name',
    edits: [[ATOM_SELF, `${ATOM_SELF}<link rel="archives" href="https://example.com/a"/>`]],
    expected: ['warning UnregisteredAtomLinkRel'],
  },
  {
    name: 'hub on an entry is clean',
    edits: [[ENTRY_LINK, `${ENTRY_LINK}<link rel="hub" href="https://hub.example.com/"/>`]],
    expected: [],
  },
  {
    name: 'prev-archive on an entry',
    edits: [
      [ENTRY_LINK, `${ENTRY_LINK}<link rel="prev-archive" href="https://example.com/archive/2023.xml"/>`],
    ],
    expected: ['warning FeedHistoryRelInEntry'],
  },
  {
    name: 'hreflang on an alternate link is clean',
    edits: [
      [
        ENTRY_LINK,
        `${ENTRY_LINK}<link rel="alternate" type="text/html" hreflang="ar" href="https://example.com/ar/posts/first"/>`,
      ],
    ],
    expected: [],
  },
  {
    name: 'hreflang that is not a language',
    edits: [
      [
        ENTRY_LINK,
        `${ENTRY_LINK}<link rel="alternate" type="text/html" hreflang="arabic" href="https://example.com/ar/posts/first"/>`,
      ],
    ],
    expected: ['error InvalidLanguage'],
  },
  {
    name: 'two alternates of one type differing in hreflang are clean',
    edits: [
      [
        ENTRY_LINK,
        '<link rel="alternate" type="text/html" hreflang="fr" href="https://example.com/posts/first"/><link rel="alternate" type="text/html" hreflang="fr-MA" href="https://example.com/ma/posts/first"/>',
      ],
    ],
    expected: [],
  },
  {
    name: 'xml:lang on an entry is clean',
    edits: [['<entry>', '<entry xml:lang="fr-MA">']],
    expected: [],
  },
  {
    name: 'xml:lang on an entry that is not a language',
    edits: [['<entry>', '<entry xml:lang="french">']],
    expected: ['error InvalidLanguage'],
  },
  // feed.py validate_metadata: RFC 5005
  {
    name: 'an archive document with current and archive links is clean',
    edits: [
      [FEED_START, `${FEED_START} ${FH_NS}`],
      ['href="https://example.com/atom.xml" type', `href="${ARCHIVE_URL}" type`],
      [
        ATOM_SELF.replace('https://example.com/atom.xml', ARCHIVE_URL),
        `${ATOM_SELF.replace('https://example.com/atom.xml', ARCHIVE_URL)}<fh:archive/>${ARCHIVE_LINKS}`,
      ],
    ],
    selfUrl: ARCHIVE_URL,
    expected: [],
  },
  {
    name: 'an archive document without current or archive links',
    edits: [
      [FEED_START, `${FEED_START} ${FH_NS}`],
      [ATOM_SELF, `${ATOM_SELF}<fh:archive/>`],
    ],
    expected: ['warning ArchiveIncomplete', 'warning MissingCurrentInArchive'],
  },
  {
    name: 'a complete feed with an archive link',
    edits: [
      [FEED_START, `${FEED_START} ${FH_NS}`],
      [
        ATOM_SELF,
        `${ATOM_SELF}<fh:complete/><link rel="prev-archive" href="https://example.com/archive/2023.xml"/>`,
      ],
    ],
    expected: ['error FeedRelInCompleteFeed'],
  },
  {
    name: 'a complete feed whose current link is elsewhere',
    edits: [
      [FEED_START, `${FEED_START} ${FH_NS}`],
      [ATOM_SELF, `${ATOM_SELF}<fh:complete/><link rel="current" href="https://example.com/other.xml"/>`],
    ],
    expected: ['error CurrentNotSelfInCompleteFeed'],
  },
  {
    name: 'a complete feed whose current link is itself is clean',
    edits: [
      [FEED_START, `${FEED_START} ${FH_NS}`],
      [ATOM_SELF, `${ATOM_SELF}<fh:complete/><link rel="current" href="https://example.com/atom.xml"/>`],
    ],
    expected: [],
  },
  {
    name: 'the first page linking to a previous one',
    edits: [
      [
        ATOM_SELF,
        `${ATOM_SELF}<link rel="first" href="https://example.com/atom.xml"/><link rel="previous" href="https://example.com/atom-0.xml"/>`,
      ],
    ],
    expected: ['error LinkPastEnd'],
  },
];

describe('Atom links: registered relations, RFC 5005, WebSub, hreflang and xml:lang (link.py, feed.py)', () => {
  it.each(atomLinkCases)('$name', ({ edits, expected, selfUrl }) => {
    const xml = edit(VALID_ATOM, edits);
    expect(summary(checkFeed(xml, { selfUrl: selfUrl ?? ATOM_URL }))).toEqual([...expected].sort());
  });
});

const RSS_HUB = '<atom:link rel="hub" href="https://hub.example.com/"/>';

const rssAtomLinkCases: Case[] = [
  {
    name: 'hub, current, prev-archive and next-archive atom:links on the channel are clean',
    edits: [
      [
        SELF_LINK,
        `${SELF_LINK}${RSS_HUB}<atom:link rel="current" href="https://example.com/rss.xml"/><atom:link rel="prev-archive" href="https://example.com/archive/2023.xml"/><atom:link rel="next-archive" href="https://example.com/archive/2025.xml"/>`,
      ],
    ],
    expected: [],
  },
  {
    name: 'self link type with a charset parameter (link.py compares the whole value)',
    edits: [['type="application/rss+xml"', 'type="application/rss+xml; charset=utf-8"']],
    expected: ['warning SelfNotAtom'],
  },
  {
    name: 'an RFC 5005 relation on an item atom:link is clean (only Atom entries are checked)',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}<atom:link rel="next" href="https://example.com/posts/second"/>`]],
    expected: [],
  },
  {
    name: 'an atom:link with every attribute is clean',
    edits: [
      [
        SELF_LINK,
        `${SELF_LINK}<atom:link rel="alternate" type="text/html" hreflang="fr-MA" title="Le site" length="1024" href="https://example.com/fr/"/>`,
      ],
    ],
    expected: [],
  },
  {
    name: 'an unregistered relation on atom:link',
    edits: [[SELF_LINK, `${SELF_LINK}<atom:link rel="archives" href="https://example.com/a"/>`]],
    expected: ['warning UnregisteredAtomLinkRel'],
  },
  {
    name: 'atom:link hreflang that is not a language',
    edits: [
      [SELF_LINK, `${SELF_LINK}<atom:link rel="alternate" hreflang="fr_MA" href="https://example.com/fr/"/>`],
    ],
    expected: ['error InvalidLanguage'],
  },
  {
    name: 'atom:link negative length',
    edits: [
      [SELF_LINK, `${SELF_LINK}<atom:link rel="enclosure" length="-1" href="https://example.com/a.mp3"/>`],
    ],
    expected: ['error InvalidNonNegativeInteger'],
  },
  {
    name: 'atom:link blank title',
    edits: [[SELF_LINK, `${SELF_LINK}<atom:link rel="alternate" title="" href="https://example.com/fr/"/>`]],
    expected: ['warning AttrNotBlank'],
  },
  {
    name: 'atom:link title with HTML',
    edits: [
      [
        SELF_LINK,
        `${SELF_LINK}<atom:link rel="alternate" title="&lt;b&gt;x&lt;/b&gt;" href="https://example.com/fr/"/>`,
      ],
    ],
    expected: ['warning ContainsHTML'],
  },
  {
    name: 'atom:link type not a MIME type',
    edits: [
      [SELF_LINK, `${SELF_LINK}<atom:link rel="alternate" type="html" href="https://example.com/fr/"/>`],
    ],
    expected: ['error InvalidMIMEType'],
  },
  {
    name: 'atom:link without href',
    edits: [[SELF_LINK, `${SELF_LINK}<atom:link rel="hub"/>`]],
    expected: ['error MissingHref'],
  },
  {
    name: 'atom:link with an attribute link.py does not expect',
    edits: [[SELF_LINK, `${SELF_LINK}<atom:link rel="hub" media="all" href="https://hub.example.com/"/>`]],
    expected: ['error UnexpectedAttribute'],
  },
];

describe('atom:link in RSS 2.0 (link.py)', () => {
  it.each(rssAtomLinkCases)('$name', ({ edits, expected }) => {
    const xml = edit(VALID_RSS, edits);
    expect(summary(checkFeed(xml, { selfUrl: RSS_URL }))).toEqual([...expected].sort());
  });
});

describe('language values (validators.py iso639_validate)', () => {
  it.each(['fr', 'ar', 'fr-MA', 'ar-MA', 'en-us', 'FR', 'zh-Hant-TW'])(
    'RSS <language>%s</language> is clean',
    (lang) => {
      const xml = edit(VALID_RSS, [[AFTER_LANGUAGE, `<language>${lang}</language>`]]);
      expect(checkFeed(xml, { selfUrl: RSS_URL })).toEqual([]);
    },
  );

  it.each(['fr', 'ar', 'fr-MA'])('xml:lang="%s" on an Atom feed and entry is clean', (lang) => {
    const xml = edit(VALID_ATOM, [
      ['xml:lang="en"', `xml:lang="${lang}"`],
      ['<entry>', `<entry xml:lang="${lang}">`],
    ]);
    expect(checkFeed(xml, { selfUrl: ATOM_URL })).toEqual([]);
  });

  it.each(['fr_MA', 'french', 'Arabic', ''])('RSS <language>%s</language> is invalid', (lang) => {
    const xml = edit(VALID_RSS, [[AFTER_LANGUAGE, `<language>${lang}</language>`]]);
    expect(summary(checkFeed(xml, { selfUrl: RSS_URL }))).toEqual(['error InvalidLanguage']);
  });

  it('dc:language fr-MA on an item is clean', () => {
    const xml = edit(VALID_RSS, [[ITEM_TITLE, `${ITEM_TITLE}<dc:language>fr-MA</dc:language>`]]);
    expect(checkFeed(xml, { selfUrl: RSS_URL })).toEqual([]);
  });
});
