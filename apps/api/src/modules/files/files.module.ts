import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { FileEntity } from './entities/file.entity.js';
import { MessageAttachmentEntity } from './entities/message-attachment.entity.js';
import { FileSweepJob } from './file-sweep.job.js';
import { FilesController } from './files.controller.js';
import { FilesRepository } from './files.repository.js';
import { FilesService } from './files.service.js';
import { FILE_STORAGE, type FileStorage } from './storage/file-storage.js';
import { LocalFileStorage } from './storage/local-file-storage.js';

/** The configured storage; the S3 client's SDK is loaded only when S3 is configured. */
async function createStorage(config: AppConfig): Promise<FileStorage> {
  if (!config.files.s3) return new LocalFileStorage(config.files.dir);
  const { S3FileStorage } = await import('./storage/s3-file-storage.js');
  return new S3FileStorage(config.files.s3);
}

@Module({
  imports: [TypeOrmModule.forFeature([FileEntity, MessageAttachmentEntity])],
  controllers: [FilesController],
  providers: [FilesService, FilesRepository, FileSweepJob, { provide: FILE_STORAGE, inject: [APP_CONFIG], useFactory: createStorage }],
  exports: [FilesService],
})
export class FilesModule {}
