// Example values more than one route's OpenAPI entries show, so the document tells one consistent story.

export const NOW = '2026-11-29T09:00:00Z';
export const ITEM_ID = '3f9a1c2b7d4e5f60a1b2';
export const TOKEN_EXAMPLE =
  'eyJwIjoiZXZ6IiwiaSI6WyIzZjlhMWMyYjdkNGU1ZjYwYTFiMiJdLCJlIjoxNzk2NjM0MDAwfQ.kQ2v8c5x';

export const headlineExample = {
  url: 'https://www.digi24.ro/stiri/actualitate/guvernul-a-aprobat-bugetul-pentru-2027-3012345',
  title: 'Guvernul a aprobat bugetul pentru 2027: ce se schimbă pentru pensionari și salariați',
  publishedAt: '2026-11-29T09:00:00+02:00',
  imageUrl: 'https://s.digi24.ro/media/buget-2027.jpg',
  summary: 'Executivul a adoptat proiectul legii bugetului de stat; documentul ajunge marți în Parlament.',
  category: 'Actualitate',
  tags: ['buget', 'guvern', 'pensii'],
};
