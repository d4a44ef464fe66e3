import { createApp } from 'vue'
import App from './App.vue'
import { config } from './config.ts'
import { router } from './router.ts'
import { installTestHooks } from './test-hooks/install.ts'
import './styles/theme.css'

// Before mounting, so the first view already gets its window hooks.
if (config.testHooks) installTestHooks()

createApp(App).use(router).mount('#app')
