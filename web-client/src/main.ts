// Entry point: loads the stylesheet and starts the application in #app.

import './styles/main.css';
import { App } from './app/app';

const root = document.getElementById('app');
if (root) void new App(root).start();
