import { mount } from 'svelte';
import App from './App.svelte';
import { locale } from './lib/i18n.svelte';
import './styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
// A reader who chose English gets its first texts before the first screen (at once in Bahasa Indonesia).
void locale.ready.then(() => mount(App, { target }));
