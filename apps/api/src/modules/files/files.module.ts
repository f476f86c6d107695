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
import { S3FileStorage } from './storage/s3-file-storage.js';

function createStorage(config: AppConfig): FileStorage {
  return config.files.s3 ? new S3FileStorage(config.files.s3) : new LocalFileStorage(config.files.dir);
}

@Module({
  imports: [TypeOrmModule.forFeature([FileEntity, MessageAttachmentEntity])],
  controllers: [FilesController],
  providers: [FilesService, FilesRepository, FileSweepJob, { provide: FILE_STORAGE, inject: [APP_CONFIG], useFactory: createStorage }],
  exports: [FilesService],
})
export class FilesModule {}
