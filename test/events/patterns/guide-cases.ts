/**
 * (pattern, event, matches?) cases from the Amazon EventBridge User Guide
 * (github.com/awsdocs/amazon-eventbridge-user-guide at 896fdda, /work/coord/ref/events/guide/),
 * each with the page it comes from. Events the guide truncates are written out as far as it shows them.
 */
export interface PatternCase {
  readonly source: string;
  readonly name: string;
  readonly pattern: unknown;
  readonly event: unknown;
  readonly matches: boolean;
}

const ec2Termination = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

const autoscalingLaunch = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

const macieFinding = {
  version: '0',
  id: '0948ba87-d3b8-c6d4-f2da-732a1example',
  'detail-type': 'Macie Finding',
  source: 'aws.macie',
  account: '123456789012',
  time: '2021-04-29T23:12:15Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    schemaVersion: '1.0',
    id: '64b917aa-3843-014c-91d8-937ffexample',
    type: 'Policy:IAMUser/S3BucketEncryptionDisabled',
    severity: { score: 1, description: 'Low' },
    createdAt: '2021-04-29T15:46:02Z',
    count: 2,
  },
};

const ec2Pending = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
};

const ec2NoState = {
  'detail-type': ['EC2 Instance State-change Notification'],
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
  detail: { 'c-count': { c1: 100 } },
};

const PATTERNS = 'eb-event-patterns.md';
const NULLS = 'eb-event-patterns-null-values.md';
const ARRAYS = 'eb-event-patterns-arrays.md';
const FILTERING = 'eb-event-patterns-content-based-filtering.md';

const withDetail = (detail: object, extra: object = {}) => ({ ...ec2Pending, ...extra, detail });

export const GUIDE_CASES: readonly PatternCase[] = [
  {
    source: PATTERNS,
    name: 'the EC2 instance-termination pattern matches the terminated instance',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    },
    event: ec2Termination,
    matches: true,
  },
  {
    source: PATTERNS,
    name: 'the same pattern does not match another state',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    },
    event: ec2Pending,
    matches: false,
  },
  {
    source: PATTERNS,
    name: 'match values: any of several sources',
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    event: ec2Termination,
    matches: true,
  },
  {
    source: PATTERNS,
    name: 'field matching: responseElements is null',
    pattern: {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful'],
      detail: { responseElements: [null] },
    },
    event: autoscalingLaunch,
    matches: true,
  },
  {
    source: PATTERNS,
    name: 'value matching: severity score 1 and count 2 (numbers)',
    pattern: { source: ['aws.macie'], 'detail-type': ['Macie Finding'], detail: { severity: { score: [1] }, count: [2] } },
    event: macieFinding,
    matches: true,
  },
  {
    source: PATTERNS,
    name: 'value matching: a string "2" is not the number 2',
    pattern: { source: ['aws.macie'], detail: { count: ['2'] } },
    event: macieFinding,
    matches: false,
  },
  {
    source: PATTERNS,
    name: 'strings match character by character, without case-folding',
    pattern: { detail: { state: ['Terminated'] } },
    event: ec2Termination,
    matches: false,
  },
  {
    source: NULLS,
    name: 'an empty string matches [""]',
    pattern: { detail: { eventVersion: [''] } },
    event: autoscalingLaunch,
    matches: true,
  },
  {
    source: NULLS,
    name: 'null matches [null]',
    pattern: { detail: { responseElements: [null] } },
    event: autoscalingLaunch,
    matches: true,
  },
  {
    source: NULLS,
    name: 'null and the empty string are not interchangeable',
    pattern: { detail: { responseElements: [''] } },
    event: autoscalingLaunch,
    matches: false,
  },
  {
    source: NULLS,
    name: 'the empty string does not match [null]',
    pattern: { detail: { eventVersion: [null] } },
    event: autoscalingLaunch,
    matches: false,
  },
  {
    source: ARRAYS,
    name: 'an event array matches when it shares a value with the pattern array',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    event: {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    matches: true,
  },
  {
    source: ARRAYS,
    name: 'an event array with no value in common does not match',
    pattern: { resources: ['arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'] },
    event: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
    matches: false,
  },
  {
    source: FILTERING,
    name: 'prefix: time starting with 2017-10-02',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { ...ec2Pending, time: '2017-10-02T18:43:48Z' },
    matches: true,
  },
  {
    source: FILTERING,
    name: 'prefix: another day',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: ec2Pending,
    matches: false,
  },
  {
    source: FILTERING,
    name: 'suffix: a .png file',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'cat.png' },
    matches: true,
  },
  {
    source: FILTERING,
    name: 'suffix: a .jpg file',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'cat.jpg' },
    matches: false,
  },
  {
    source: FILTERING,
    name: 'anything-but a string: another state',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: ec2Pending,
    matches: true,
  },
  {
    source: FILTERING,
    name: 'anything-but a string: that state',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: withDetail({ state: 'initializing' }),
    matches: false,
  },
  {
    source: FILTERING,
    name: 'anything-but a number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: withDetail({ 'x-limit': 123 }),
    matches: false,
  },
  {
    source: FILTERING,
    name: 'anything-but a list of strings',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: withDetail({ state: 'overloaded' }),
    matches: false,
  },
  {
    source: FILTERING,
    name: 'anything-but a list of numbers: 250 is none of them',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: withDetail({ 'x-limit': 250 }),
    matches: true,
  },
  {
    source: FILTERING,
    name: 'anything-but a prefix: init…',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: withDetail({ state: 'initializing' }),
    matches: false,
  },
  {
    source: FILTERING,
    name: 'anything-but a prefix: another state',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: ec2Pending,
    matches: true,
  },
  {
    source: FILTERING,
    name: 'numeric: every field in range',
    pattern: {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    },
    event: withDetail({ 'c-count': 5, 'd-count': 9.5, 'x-limit': 301.8 }),
    matches: true,
  },
  {
    source: FILTERING,
    name: 'numeric: c-count 0 is not > 0',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }] } },
    event: withDetail({ 'c-count': 0, 'd-count': 1 }),
    matches: false,
  },
  {
    source: FILTERING,
    name: 'IP address matching: inside 10.0.0.0/24',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: withDetail({ sourceIPAddress: '10.0.0.255' }),
    matches: true,
  },
  {
    source: FILTERING,
    name: 'IP address matching: outside 10.0.0.0/24',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: withDetail({ sourceIPAddress: '10.0.1.0' }),
    matches: false,
  },
  {
    source: FILTERING,
    name: 'exists: the event with a detail.state field',
    pattern: { detail: { state: [{ exists: true }] } },
    event: ec2Pending,
    matches: true,
  },
  {
    source: FILTERING,
    name: 'exists: the event without a detail.state field',
    pattern: { detail: { state: [{ exists: true }] } },
    event: ec2NoState,
    matches: false,
  },
  {
    source: FILTERING,
    name: 'exists false: the event without a detail.state field',
    pattern: { detail: { state: [{ exists: false }] } },
    event: ec2NoState,
    matches: true,
  },
  {
    source: FILTERING,
    name: 'exists works on leaves only: detail.c-count is an object',
    pattern: { detail: { 'c-count': [{ exists: true }] } },
    event: ec2NoState,
    matches: false,
  },
  {
    source: FILTERING,
    name: 'equals-ignore-case: detail-type in another case (an array in the event)',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    event: ec2NoState,
    matches: true,
  },
  {
    source: FILTERING,
    name: 'complex: anything-but and numeric together',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    },
    event: withDetail({ state: 'running', 'c-count': 3, 'd-count': 2, 'x-limit': 150 }, { time: '2017-10-02T01:00:00Z' }),
    matches: true,
  },
  {
    source: FILTERING,
    name: 'complex: x-limit 200 is excluded',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: { state: [{ 'anything-but': 'initializing' }], 'x-limit': [{ 'anything-but': [100, 200, 300] }] },
    },
    event: withDetail({ state: 'running', 'x-limit': 200 }, { time: '2017-10-02T01:00:00Z' }),
    matches: false,
  },
  {
    source: FILTERING,
    name: '$or: d-count < 10 alone is enough',
    pattern: {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    },
    event: withDetail({ 'c-count': 50, 'd-count': 3 }),
    matches: true,
  },
  {
    source: FILTERING,
    name: '$or: no alternative holds',
    pattern: {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    },
    event: withDetail({ 'c-count': 50, 'd-count': 30, 'x-limit': 301 }),
    matches: false,
  },
];

/** Patterns the guide says EventBridge refuses, or that break its documented rules. */
export const INVALID_PATTERNS: readonly { readonly source: string; readonly pattern: string; readonly reason: RegExp }[] = [
  {
    source: FILTERING,
    pattern: '{"detail": {"state": [{"anything-but": {"prefix": ["a", "b"]}}]}}',
    reason: /prefix match pattern must be a string/,
  },
  { source: FILTERING, pattern: '{"detail": {"x": [{"numeric": [">", 6e9]}]}}', reason: /between -5.0E9 and 5.0E9/ },
  {
    source: FILTERING,
    pattern: '{"detail": {"state": [{"exists": "yes"}]}}',
    reason: /exists match pattern must be either true or false/,
  },
  { source: PATTERNS, pattern: '{"source": "aws.ec2"}', reason: /"source" must be an object or an array/ },
  { source: FILTERING, pattern: '{"detail": {"ip": [{"cidr": "10.0.0.0"}]}}', reason: /Malformed CIDR/ },
  { source: FILTERING, pattern: '{"detail": {"$or": [{"a": ["x"]}]}}', reason: /at least 2 elements in \$or/ },
];
