import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { ROW_HEIGHT } from './components/FileTable.svelte';

// Read-only facts for the end-to-end tests, which scroll the virtual table themselves.
Object.defineProperty(window, '__spaceport_test', {
  value: Object.freeze({ rowHeight: ROW_HEIGHT }),
  writable: false,
  configurable: false,
});

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
