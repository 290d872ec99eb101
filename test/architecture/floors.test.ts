import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, type ImportEdge, importsOf, reachable, roomOf, sourceFiles } from './floors.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The floors of src/, top to bottom; README "Development" draws the same plan. A room (a folder, or a file at the
 * top of src/) may import its own files and the rooms on any level below its own, never a room on its level or
 * above. Within a floor, levels order the rooms that lean on one another (digests read traffic, cache-ops checks
 * edges after a purge); a new room has to be placed here before anything may import it.
 */
const FLOORS: readonly { floor: string; levels: readonly (readonly string[])[] }[] = [
  { floor: 'edge: processes and Bolt transport', levels: [['main.ts', 'cli'], ['app'], ['slack']] },
  { floor: 'commands: one file per /cdn command', levels: [['commands']] },
  {
    floor: 'features',
    levels: [['alerts'], ['digests', 'changes', 'housekeeping'], ['cache-ops', 'traffic'], ['check']],
  },
  { floor: 'dispatch: context, define/registry, argv, run-command', levels: [['dispatch']] },
  {
    floor: 'foundations',
    levels: [['config'], ['render'], ['auth', 'time'], ['providers'], ['store']],
  },
  {
    floor: 'ground',
    // observability (metrics, correlation ids) sits under the logger, which stamps correlation ids on its lines.
    levels: [['errors.ts', 'clock.ts', 'logger.ts', 'util', 'messaging'], ['observability']],
  },
];

/** What the bot runs: the server and the command line. Everything in src/ must be reached from one of them. */
const ENTRY_POINTS = ['src/main.ts', 'src/cli/main.ts'];

const levelOf = new Map(
  FLOORS.flatMap((floor) => floor.levels).flatMap((rooms, level) =>
    rooms.map((room) => [room, level] as const),
  ),
);

const files = sourceFiles(ROOT, 'src');
const edges = importsOf(ROOT, files);

function describeEdge(edge: ImportEdge): string {
  return `${edge.from} -> ${edge.to}`;
}

describe('the floor plan of src/', () => {
  it('places every room of src/ on a floor', () => {
    const rooms = [...new Set(files.map(roomOf))];

    expect(rooms.filter((room) => !levelOf.has(room))).toEqual([]);
  });

  it('has no import that runs up a floor or across a level', () => {
    const upward = edges.filter((edge) => {
      if (!edge.to.startsWith('src/')) return false;
      const from = roomOf(edge.from);
      const to = roomOf(edge.to);
      return from !== to && (levelOf.get(to) ?? -1) <= (levelOf.get(from) ?? -1);
    });

    expect(upward.map(describeEdge)).toEqual([]);
  });

  it('has no files that import each other in a loop, type imports included', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('imports nothing from outside src/: the stand-ins, the demo and test support are not shipped', () => {
    const outside = edges.filter((edge) => !edge.to.startsWith('src/'));

    expect(outside.map(describeEdge)).toEqual([]);
  });

  it('holds only what the bot runs: every file is reached from the server or the command line', () => {
    const shipped = reachable(ENTRY_POINTS, edges);

    expect(files.filter((file) => !shipped.has(file))).toEqual([]);
  });
});

describe('the floor plan checks themselves', () => {
  it('find an import that runs up, a loop, and a file nothing reaches', () => {
    const planted: ImportEdge[] = [
      { from: 'src/store/store.ts', to: 'src/commands/purge.ts' },
      { from: 'src/commands/purge.ts', to: 'src/store/store.ts' },
    ];

    expect(cycles(planted)).toEqual([['src/commands/purge.ts', 'src/store/store.ts']]);
    expect(levelOf.get(roomOf('src/commands/purge.ts'))).toBeLessThan(levelOf.get('store')!);
    expect([...reachable(['src/main.ts'], planted)]).toEqual(['src/main.ts']);
  });
});
