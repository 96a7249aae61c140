export * from './i18n.tsx';
export * from './components.tsx';
