// Files opened from the OS with the installed app (manifest `file_handlers`) arrive here.
import { importManager } from './import-manager.svelte';
import { router } from './router.svelte';

export function listenToLaunchQueue(): void {
  if (!window.launchQueue) {
    return;
  }
  window.launchQueue.setConsumer((params) => {
    if (!params.files.length) {
      return;
    }
    void Promise.all(params.files.map((h) => h.getFile())).then((files) => {
      importManager.addFiles(files, 'os');
      router.go('import');
    });
  });
}
