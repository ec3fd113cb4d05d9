import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';

/** What a list is sorted by: a key worked out once per item, then compared; ties go by the item's id. */
export interface ListOrder<T> {
  keyOf: (item: T) => string | number;
  descending: boolean;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
const MAX_SEARCH = 200;
const PAGE_NUMBER = { message: 'must be a page number: 1, 2, 3…' };
const PAGE_SIZE = { message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` };

/**
 * Search, sort and paging of a long list (`?q=&sort=&page=&pageSize=`). A list asked for with none of them
 * answers every item as an array, as before paging; with any, one page: `{ total, page, pageSize, items }`.
 * Each list declares its own `sort` (`sortsOf`).
 */
export class PageQuery {
  @ApiPropertyOptional({ description: 'Words to search for; an item is listed when it holds every one' })
  @IsOptional()
  @ValidateBy({
    name: 'isSearch',
    validator: {
      validate: (value) => typeof value === 'string' && value.length <= MAX_SEARCH,
      defaultMessage: () => `must be one search of at most ${MAX_SEARCH} characters`,
    },
  })
  q?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt(PAGE_NUMBER)
  @Min(1, PAGE_NUMBER)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt(PAGE_SIZE)
  @Min(1, PAGE_SIZE)
  @Max(MAX_PAGE_SIZE, PAGE_SIZE)
  pageSize?: number;
}

/** Every value `sort` takes: each key ascending, and descending with a leading `-`. */
export const sortsOf = <K extends string>(keys: readonly K[]): (K | `-${K}`)[] => [
  ...keys,
  ...keys.map((k) => `-${k}` as const),
];

/** The message for a `sort` outside the list's keys. */
export const sortMessage = (keys: readonly string[]) =>
  `must be one of ${keys.join(', ')}, each with a leading - for the reverse order`;

/** Whether the list was asked for a page (any of the paging parameters), rather than every item. */
export const isPaged = (query: PageQuery & { sort?: string }) =>
  query.q !== undefined || query.sort !== undefined || query.page !== undefined || query.pageSize !== undefined;

export const pageRequestOf = (query: PageQuery): PageRequest => ({
  page: query.page ?? 1,
  pageSize: query.pageSize ?? DEFAULT_PAGE_SIZE,
});

/** The order a `sort` value names, from the list's keys. */
export function orderOf<T, K extends string>(
  sort: string,
  keys: Readonly<Record<K, (item: T) => string | number>>,
): ListOrder<T> {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as K;
  return { keyOf: keys[key], descending };
}
