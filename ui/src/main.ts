import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { testHooks } from './lib/testHooks';

Object.defineProperty(window, '__spaceport_test', {
  value: testHooks,
  writable: false,
  configurable: false,
});

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
